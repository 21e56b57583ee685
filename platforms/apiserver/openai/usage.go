package openai

import "unicode/utf8"

// charsPerToken is the rough ratio used when a Runner reports no counts.
const charsPerToken = 4

// usage is the token accounting of one completion.
type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// countUsage takes the Runner's counts and estimates the ones it left zero.
func countUsage(t Turn, r Reply) usage {
	u := usage{PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens}
	if u.PromptTokens <= 0 {
		chars := 0
		for _, m := range t.Messages {
			chars += utf8.RuneCountInString(m.Content)
		}
		u.PromptTokens = estimate(chars)
	}
	if u.CompletionTokens <= 0 {
		u.CompletionTokens = estimate(utf8.RuneCountInString(r.Text))
	}
	u.TotalTokens = u.PromptTokens + u.CompletionTokens
	return u
}

// estimate guesses the tokens in chars characters: one per four, at least one.
func estimate(chars int) int {
	return max(1, (chars+charsPerToken-1)/charsPerToken)
}
