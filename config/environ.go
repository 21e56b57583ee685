package config

import "strings"

// overrides holds the gateway settings that SWITCHBOARD_<KEY> variables
// set, and which variable set each, so that a problem with the value can
// name the variable rather than config.yaml.
type overrides struct {
	values map[string]any    // normalised values by full dotted key
	from   map[string]string // variable name by full dotted key
}

// envVarFor names the variable that overrides a gateway setting:
// gateway.drain_timeout is SWITCHBOARD_DRAIN_TIMEOUT, and a nested key
// gateway.a.b would be SWITCHBOARD_A__B.
func envVarFor(n *node) string {
	rel := strings.TrimPrefix(n.key, gatewaySchema.key+".")
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(rel, ".", "__"))
}

// gatewayOverrides reads the SWITCHBOARD_<KEY> variable of every gateway
// setting from env. Other SWITCHBOARD_ variables, such as SWITCHBOARD_HOME,
// are not settings and are left alone. A variable set to the empty string
// counts as not set. Lists are comma-separated.
func gatewayOverrides(env map[string]string) (overrides, Problems) {
	o := overrides{values: map[string]any{}, from: map[string]string{}}
	var probs Problems
	gatewaySchema.leaves(func(n *node) {
		name := envVarFor(n)
		text := env[name]
		if text == "" {
			return
		}
		v, err := parseText(text, n.kind)
		if err != nil {
			probs = append(probs, envProblem(name, n, err))
			return
		}
		o.values[n.key] = v
		o.from[n.key] = name
	})
	return o, probs
}

// envHelp says how to spell each kind in a variable.
var envHelp = map[kind]string{
	kindBool:     "true or false",
	kindInt:      "a whole number",
	kindDuration: "a Go duration such as 10s",
	kindList:     "comma-separated names such as alpha,beta",
}

// envProblem reports a SWITCHBOARD_<KEY> variable whose text is not of the
// setting's kind.
func envProblem(name string, n *node, err error) Problem {
	return Problem{
		File:    EnvironmentFile,
		Key:     name,
		Message: err.Error() + " (it overrides " + n.key + ")",
		Fix:     "set " + name + " to " + envHelp[n.kind] + ", or unset it",
	}
}

// origin returns where the value of a gateway key came from: the variable
// that overrode it, or the key in config.yaml.
func (o overrides) origin(file, key string) (string, string) {
	if name, ok := o.from[key]; ok {
		return EnvironmentFile, name
	}
	return file, key
}
