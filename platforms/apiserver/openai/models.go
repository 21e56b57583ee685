package openai

import (
	"net/http"
	"slices"
)

// owner is the "owned_by" of every model served.
const owner = "switchboard"

// model is one entry of the model list, as OpenAI sends it.
type model struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

// modelList is the answer to GET models.
type modelList struct {
	Object string  `json:"object"`
	Data   []model `json:"data"`
}

func (h *handler) model(id string) model {
	return model{ID: id, Object: "model", Created: h.created, OwnedBy: owner}
}

// listModels answers GET models with every configured model.
func (h *handler) listModels(w http.ResponseWriter, _ *http.Request) {
	list := modelList{Object: "list", Data: make([]model, 0, len(h.models))}
	for _, id := range h.models {
		list.Data = append(list.Data, h.model(id))
	}
	h.writeJSON(w, http.StatusOK, list)
}

// getModel answers GET models/<id> with that model, or 404.
func (h *handler) getModel(w http.ResponseWriter, id string) {
	if !slices.Contains(h.models, id) {
		h.writeError(w, modelNotFound(id))
		return
	}
	h.writeJSON(w, http.StatusOK, h.model(id))
}

// modelNotFound is the error for a model the handler does not serve.
func modelNotFound(id string) apiError {
	e := invalid("model", "model_not_found",
		"The model '%s' does not exist or you do not have access to it.", id)
	e.status = http.StatusNotFound
	return e
}

// pickModel returns the model a request is for: the one it names, or the
// default when it names none. ok is false when the model is not served.
func (h *handler) pickModel(requested string) (id string, ok bool) {
	if requested == "" {
		if len(h.models) == 0 {
			return "", true
		}
		return h.models[0], true
	}
	return requested, len(h.models) == 0 || slices.Contains(h.models, requested)
}
