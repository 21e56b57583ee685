package telegramtest

import (
	"context"
	"net"
)

// connKey is the context key under which each request carries its connection.
type connKey struct{}

// withConn is the http.Server ConnContext hook: it lets a handler find the
// TCP connection its request arrived on.
func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// connOf returns the connection a request arrived on, or nil.
func connOf(ctx context.Context) net.Conn {
	c, _ := ctx.Value(connKey{}).(net.Conn)
	return c
}

// clientGone reports whether the client of a request in flight has already
// closed its connection, even if net/http has not noticed yet. A client that
// abandons a long poll closes the connection before it sends the next
// request, so the kernel knows before the next request arrives, while
// net/http's cancellation of the old request races with it.
func clientGone(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	tcp, ok := connOf(ctx).(*net.TCPConn)
	return ok && peerClosed(tcp)
}
