//go:build linux || darwin

package telegramtest

import (
	"errors"
	"net"
	"syscall"
)

// peerClosed peeks at the socket without consuming or blocking: a zero-byte
// read means the peer sent FIN, ECONNRESET that it reset the connection.
func peerClosed(c *net.TCPConn) bool {
	raw, err := c.SyscallConn()
	if err != nil {
		return false // not a live socket; net/http will cancel the request itself
	}
	closed := false
	ctlErr := raw.Control(func(fd uintptr) {
		var buf [1]byte
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		closed = (n == 0 && err == nil) || errors.Is(err, syscall.ECONNRESET)
	})
	return ctlErr == nil && closed
}
