package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBodyBytes bounds a request body, well above any text-only call.
const maxBodyBytes = 32 << 20

// readParams collects a call's parameters as strings, the way Telegram sees
// them: URL query first, then the body (multipart/form-data,
// application/x-www-form-urlencoded or application/json), later values
// winning. Nested objects stay JSON text. The body is always read to the end
// so that the server notices a client that goes away while the call is held.
func readParams(r *http.Request) (map[string]string, error) {
	params := make(map[string]string)
	for name, values := range r.URL.Query() {
		params[name] = values[0]
	}
	body := http.MaxBytesReader(nil, r.Body, maxBodyBytes)
	err := readBody(r.Header.Get("Content-Type"), body, params)
	if _, drainErr := io.Copy(io.Discard, body); err == nil {
		err = drainErr
	}
	return params, err
}

// readBody parses body according to its content type into params. Other
// content types are ignored, as Telegram ignores them.
func readBody(contentType string, body io.Reader, params map[string]string) error {
	if contentType == "" {
		return nil
	}
	mediaType, ctParams, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("parse content type: %w", err)
	}
	switch mediaType {
	case "multipart/form-data":
		return readMultipart(multipart.NewReader(body, ctParams["boundary"]), params)
	case "application/x-www-form-urlencoded":
		return readURLEncoded(body, params)
	case "application/json":
		return readJSON(body, params)
	}
	return nil
}

// readMultipart reads form fields. A file part is recorded by its file name;
// its content is discarded. An empty body (getMe from go-telegram/bot) has no
// parts at all and is not an error.
func readMultipart(mr *multipart.Reader, params map[string]string) error {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read multipart: %w", err)
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return fmt.Errorf("read multipart field: %w", err)
		}
		if name := part.FormName(); name != "" {
			params[name] = partValue(part, value)
		}
	}
}

// partValue is a field's text, or the file name of a file part.
func partValue(part *multipart.Part, value []byte) string {
	if name := part.FileName(); name != "" {
		return name
	}
	return string(value)
}

// readURLEncoded reads a form-encoded body.
func readURLEncoded(body io.Reader, params map[string]string) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("read form: %w", err)
	}
	values, err := url.ParseQuery(string(raw))
	if err != nil {
		return fmt.Errorf("parse form: %w", err)
	}
	for name, v := range values {
		params[name] = v[0]
	}
	return nil
}

// readJSON reads a JSON object body. Strings are unquoted; numbers, booleans,
// objects and arrays keep their JSON text, so 42 and "42" read the same.
func readJSON(body io.Reader, params map[string]string) error {
	raw, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("read json: %w", err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return fmt.Errorf("parse json: %w", err)
	}
	for name, value := range fields {
		if text, ok := jsonScalar(value); ok {
			params[name] = text
		}
	}
	return nil
}

// jsonScalar turns one JSON value into its parameter text; null is absent.
func jsonScalar(value json.RawMessage) (string, bool) {
	value = bytes.TrimSpace(value)
	if string(value) == "null" {
		return "", false
	}
	var s string
	if err := json.Unmarshal(value, &s); err == nil {
		return s, true
	}
	return string(value), true
}

// intParam parses an integer parameter; absent or malformed gives def.
func intParam(params map[string]string, name string, def int64) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(params[name]), 10, 64)
	if err != nil {
		return def
	}
	return n
}

// boolParam reads a boolean parameter as Telegram does: "true" or "1".
func boolParam(params map[string]string, name string) bool {
	v := strings.ToLower(strings.TrimSpace(params[name]))
	return v == "true" || v == "1"
}

// clamp limits n to [lo, hi].
func clamp(n, lo, hi int64) int64 {
	return min(max(n, lo), hi)
}
