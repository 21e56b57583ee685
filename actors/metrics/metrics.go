// Package metrics holds the gateway's Prometheus metrics, labelled by
// profile and platform, and serves them at /metrics. Each gateway has a
// registry of its own, so tests and several gateways in one process do not
// share counters.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the gateway's counters, histograms and gauges.
type Metrics struct {
	registry *prometheus.Registry

	// In counts messages taken from a platform, denied ones included.
	In *prometheus.CounterVec
	// Out counts replies delivered to a platform.
	Out *prometheus.CounterVec
	// Errors counts failures by code: adapter failures (network,
	// unauthorized, ...) and replies not delivered (send_failed).
	Errors *prometheus.CounterVec
	// Restarts counts adapter restarts after transient failures.
	Restarts *prometheus.CounterVec
	// TurnSeconds is how long agent turns take.
	TurnSeconds *prometheus.HistogramVec
	// SendSeconds is how long delivering one reply takes.
	SendSeconds *prometheus.HistogramVec
	// Sessions is the number of live conversations.
	Sessions *prometheus.GaugeVec
}

// New builds a fresh set of metrics in a registry of its own.
func New() *Metrics {
	pp := []string{"profile", "platform"}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		In: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_messages_in_total",
			Help: "Messages taken from a platform."}, pp),
		Out: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_messages_out_total",
			Help: "Replies delivered to a platform."}, pp),
		Errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_errors_total",
			Help: "Failures by code."}, []string{"profile", "platform", "code"}),
		Restarts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "switchboard_adapter_restarts_total",
			Help: "Adapter restarts after transient failures."}, pp),
		TurnSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "switchboard_turn_seconds",
			Help: "Agent turn latency.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)}, []string{"profile"}),
		SendSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "switchboard_send_seconds",
			Help: "Reply delivery latency.", Buckets: prometheus.ExponentialBuckets(0.0005, 4, 10)}, pp),
		Sessions: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "switchboard_sessions",
			Help: "Live conversations."}, []string{"profile"}),
	}
	m.registry.MustRegister(m.In, m.Out, m.Errors, m.Restarts, m.TurnSeconds, m.SendSeconds, m.Sessions)
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
