package config

import (
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/knadh/koanf/parsers/yaml"
	"github.com/knadh/koanf/providers/confmap"
	"github.com/knadh/koanf/providers/file"
	"github.com/knadh/koanf/v2"
	yamlv3 "go.yaml.in/yaml/v3"
)

// readYAML parses the config file at path with a fresh koanf instance. A
// missing file reads as empty; exists tells the two apart.
func readYAML(path string) (raw map[string]any, exists bool, probs Problems) {
	if exists, prob := plainFile(path); prob != nil {
		return map[string]any{}, exists, Problems{*prob}
	}
	k := koanf.New(".")
	err := k.Load(file.Provider(path), yaml.Parser())
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return map[string]any{}, false, nil
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return map[string]any{}, true, Problems{readProblem(path, err)}
		}
		return map[string]any{}, true, Problems{yamlProblem(path, err)}
	}
	return k.Raw(), true, nil
}

// yamlLine picks the line number out of a YAML syntax error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlProblem reports a file that is not valid YAML. The parser's message
// is kept when it is a syntax error; a type error could quote the file's
// text, so it is replaced with a description.
func yamlProblem(path string, err error) Problem {
	var te *yamlv3.TypeError
	if errors.As(err, &te) {
		return Problem{File: path, Message: "the file is not a mapping of keys to values",
			Fix: "write one key: value per line, such as agent: {kind: echo}"}
	}
	where, msg := path, strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		where, msg = path+":"+m[1], m[2]
	}
	return Problem{File: where, Message: "invalid YAML: " + msg,
		Fix: "correct the YAML: indent with spaces, and quote values that contain ': ' or start with @ or *"}
}

// maxFileSize caps config.yaml and .env files: anything larger is a
// mistake, and reading a device or a huge file would exhaust memory.
const maxFileSize = 1 << 20

// plainFile checks that path, if it exists, is a regular file of sane size
// (a FIFO would block the read forever, a device would never end). It
// reports whether the path exists and the problem, if any.
func plainFile(path string) (bool, *Problem) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		p := readProblem(path, err)
		return true, &p
	case !fi.Mode().IsRegular():
		return true, &Problem{File: path, Message: "not a regular file (" + fi.Mode().Type().String() + ")",
			Fix: "replace it with a plain text file"}
	case fi.Size() > maxFileSize:
		return true, &Problem{File: path, Message: "larger than 1 MiB", Fix: "check that this is the right file"}
	}
	return true, nil
}

// readProblem reports a file that exists but cannot be read.
func readProblem(path string, err error) Problem {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return Problem{File: path, Message: "cannot read the file: " + err.Error(),
		Fix: "make it readable by the user the gateway runs as"}
}

// decodeLayers merges layers of settings, later ones winning, in a fresh
// koanf instance and decodes the result into out. Keys in a layer may be
// dotted ("agent.kind") or nested.
func decodeLayers(out any, layers ...map[string]any) error {
	k := koanf.New(".")
	for _, l := range layers {
		if err := k.Load(confmap.Provider(l, "."), nil); err != nil {
			return err
		}
	}
	return decode(k, out)
}

// decode unmarshals the settings in k into out. The checker has vetted
// every key and type before this, so ErrorUnused is a backstop: an error
// means the checks and the structs disagree, and it should be loud.
func decode(k *koanf.Koanf, out any) error {
	return k.UnmarshalWithConf("", out, koanf.UnmarshalConf{
		DecoderConfig: &mapstructure.DecoderConfig{
			DecodeHook:  mapstructure.StringToTimeDurationHookFunc(),
			ErrorUnused: true,
			TagName:     "koanf",
		},
	})
}
