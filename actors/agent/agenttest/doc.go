// Package agenttest is a fake OpenAI-compatible chat-completions server for
// tests.
//
// A Server listens on 127.0.0.1 and answers POST /v1/chat/completions the way
// OpenAI-compatible servers do: a chat.completion object, or, when the
// request asks for "stream": true, server-sent events carrying
// chat.completion.chunk objects and a final "data: [DONE]". Errors use the
// usual {"error": {...}} envelope. Point a client at BaseURL, which ends in
// /v1 as OpenAI base URLs do.
//
// Every call, whatever its path, is recorded before it is answered
// (Requests): headers including Authorization, the raw body and the decoded
// model, messages, temperature, max_tokens and stream flag. Only valid
// chat-completions calls take a step of the script. Tests script the answers call by call with
// Script (reply text, HTTP errors, 429 with Retry-After, delays, a hang until
// the client gives up, a malformed body); calls beyond the script are
// answered by the Otherwise function, by default Echo.
//
// What it does not model: tools and function calls, images, logprobs, n > 1,
// token counting (usage is a rough word count) and any other endpoint, which
// answers 404.
package agenttest
