package openai

import "testing"

func TestRoute(t *testing.T) {
	tests := []struct {
		path    string
		want    int
		wantArg string
	}{
		{"/v1/models", routeModels, ""},
		{"/models", routeModels, ""},
		{"/p/alpha/v1/models", routeModels, ""},
		{"/p/v1/v1/models", routeModels, ""},
		{"/v1/models/m1", routeModel, "m1"},
		{"/p/alpha/v1/models/org/v1/x", routeModel, "org/v1/x"},
		{"/v1/chat/completions", routeCompletions, ""},
		{"/p/alpha/v1/chat/completions", routeCompletions, ""},
		{"/v1/models/", routeNone, ""},
		{"/v1/chat/completions/", routeNone, ""},
		{"/v1/chat", routeNone, ""},
		{"/v1", routeNone, ""},
		{"/v1/", routeNone, ""},
		{"/v2/models/", routeNone, ""},
		{"/p/alpha/models2", routeNone, ""},
		{"", routeNone, ""},
	}
	for _, tt := range tests {
		got, arg := route(tt.path)
		if got != tt.want || arg != tt.wantArg {
			t.Errorf("route(%q) = %d, %q; want %d, %q", tt.path, got, arg, tt.want, tt.wantArg)
		}
	}
}
