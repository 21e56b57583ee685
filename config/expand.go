package config

import "strings"

// expand resolves the ${NAME} references in s with lookup and turns $$ into
// a single $. Any other $ is kept as it is; $NAME without braces is not a
// reference. It returns the names lookup did not know, or errMalformedRef
// when a "${" has no closing brace or no valid name.
func expand(s string, lookup func(string) (string, bool)) (string, []string, error) {
	if !strings.Contains(s, "$") {
		return s, nil, nil
	}
	var b strings.Builder
	var missing []string
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 || !varName.MatchString(s[i+2:i+2+end]) {
				return "", nil, errMalformedRef
			}
			name := s[i+2 : i+2+end]
			if v, ok := lookup(name); ok {
				b.WriteString(v)
			} else {
				missing = append(missing, name)
			}
			i += 2 + end
		default:
			b.WriteByte('$')
		}
	}
	return b.String(), missing, nil
}

// scope is where a profile's ${NAME} references are looked up: the
// profile's .env, then — for the default profile only — the process
// environment.
type scope struct {
	envFile string            // path of the profile's .env
	env     map[string]Secret // variables of that file
	environ map[string]string // the process environment; nil for named profiles
}

// lookup finds name in the scope.
func (s scope) lookup(name string) (string, bool) {
	if v, ok := s.env[name]; ok {
		return v.Reveal(), true
	}
	v, ok := s.environ[name]
	return v, ok
}

// fixMissing tells the operator where to define an unresolved variable.
func (s scope) fixMissing(name string) string {
	fix := "add " + name + "=<value> to " + s.envFile
	if s.environ != nil {
		fix += " or set it in the gateway's environment"
	}
	return fix
}
