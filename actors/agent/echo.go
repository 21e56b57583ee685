package agent

import "context"

// Echo is the embedded default agent: its reply is the message text. It
// proves a bot is wired end to end without any model behind it.
type Echo struct{}

var _ Agent = Echo{}

// Respond returns the turn's text unchanged.
func (Echo) Respond(ctx context.Context, t Turn) (Reply, error) {
	if err := ctx.Err(); err != nil {
		return Reply{}, err
	}
	return Reply{Text: t.Text}, nil
}
