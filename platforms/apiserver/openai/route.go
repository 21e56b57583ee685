package openai

import "strings"

// Endpoints the handler serves.
const (
	routeNone = iota
	routeModels
	routeModel
	routeCompletions
)

// route finds the endpoint path names and, for a single model, its id. The
// path may come with or without a mount prefix ending in "/v1": "/models",
// "/v1/models" and "/p/alpha/v1/models" all name the model list. Each
// "/v1/" in the path is tried from the left, so that a profile called "v1"
// ("/p/v1/v1/models") and a model id holding "/v1/"
// ("/v1/models/org/v1/x") both resolve.
func route(path string) (int, string) {
	if rt, arg := endpoint(path); rt != routeNone {
		return rt, arg
	}
	for i := 0; ; {
		j := strings.Index(path[i:], "/v1/")
		if j < 0 {
			return routeNone, ""
		}
		i += j + len("/v1")
		if rt, arg := endpoint(path[i:]); rt != routeNone {
			return rt, arg
		}
	}
}

// endpoint matches a path with its mount prefix already removed.
func endpoint(rest string) (int, string) {
	switch {
	case rest == "/chat/completions":
		return routeCompletions, ""
	case rest == "/models":
		return routeModels, ""
	case strings.HasPrefix(rest, "/models/") && len(rest) > len("/models/"):
		return routeModel, strings.TrimPrefix(rest, "/models/")
	}
	return routeNone, ""
}
