package agent_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"switchboard/actors/agent"
)

func TestNewChecksConfig(t *testing.T) {
	tests := []struct {
		name string
		new  func() error
		want string
	}{
		{"openai without base_url", func() error {
			_, err := agent.NewOpenAI(agent.OpenAIConfig{Model: "m"})
			return err
		}, "openai agent: base_url must be an absolute http or https URL"},
		{"openai with another scheme", func() error {
			_, err := agent.NewOpenAI(agent.OpenAIConfig{BaseURL: "ftp://u:pw-secret@127.0.0.1/v1", Model: "m"})
			return err
		}, "openai agent: base_url must be an absolute http or https URL"},
		{"openai without model", func() error {
			_, err := agent.NewOpenAI(agent.OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1"})
			return err
		}, "openai agent: model is required"},
		{"http with a relative url", func() error {
			_, err := agent.NewHTTP(agent.HTTPConfig{URL: "/turn"})
			return err
		}, "http agent: url must be an absolute http or https URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.new()
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestConfigsHideSecrets checks that printing a configuration, the way a
// careless log line would, shows neither the key nor a URL password.
func TestConfigsHideSecrets(t *testing.T) {
	o := agent.OpenAIConfig{BaseURL: "http://user:pw-secret@127.0.0.1:1/v1", Model: "m", APIKey: testKey}
	h := agent.HTTPConfig{URL: "http://user:pw-secret@127.0.0.1:1/turn", Token: testToken}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{o, h, &o, &h} {
			s := fmt.Sprintf(format, v)
			for _, secret := range []string{testKey, testToken, "pw-secret"} {
				if strings.Contains(s, secret) {
					t.Errorf("Sprintf(%q) = %q shows a secret", format, s)
				}
			}
		}
	}
}

// TestConverseFallsBackToRespond checks that agents without history
// support still answer through agent.Converse.
func TestConverseFallsBackToRespond(t *testing.T) {
	r, err := agent.Converse(context.Background(), agent.Echo{}, agent.Request{
		Turn: turn("alpha", "ping"), History: []agent.Message{{Role: "user", Content: "old"}},
	})
	if err != nil || r.Text != "ping" {
		t.Errorf("Converse(Echo) = %q, %v; want ping", r.Text, err)
	}
}
