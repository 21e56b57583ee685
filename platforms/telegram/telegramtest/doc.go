// Package telegramtest is a fake Telegram Bot API server for tests.
//
// A Server listens on 127.0.0.1 and speaks the Bot API wire protocol for any
// number of bot tokens at once: every call is POST <URL>/bot<token>/<method>
// with a multipart, URL-encoded or JSON body, and every answer is the usual
// {"ok":...} envelope with the HTTP status equal to the error code. Point the
// go-telegram/bot client at it with bot.WithServerURL(srv.URL()), or the
// gateway at it through its api_url setting.
//
// Tests drive the server from the Telegram side: PushUpdate, PushText and
// PushGroupText queue updates that getUpdates hands out with Telegram's
// offset, limit and long-poll rules; Sent, Calls, CallCount, Pending and
// ConcurrentPolls report what the client did; Fail scripts faults (error
// envelopes, delays, hung requests, reset connections, raw bodies) for the
// next calls of a method.
//
// The fake keeps its state in memory behind one mutex, so it is safe for
// concurrent use and fast enough for load tests with thousands of updates per
// second. It never logs, and never puts a token in an error or panic message.
//
// What it does not model: webhook delivery (setWebhook only records the URL),
// files and media, rate limits (script them with Fail), entity parsing
// (message length counts the raw text, markup included) and chat membership
// (any chat id is accepted and a chat object is made up for it).
package telegramtest
