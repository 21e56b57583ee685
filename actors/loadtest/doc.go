// Package loadtest drives a Switchboard gateway with synthetic traffic and
// measures what it costs: throughput, latency, allocations, memory and
// goroutines, each next to a baseline measured in the same run.
//
// Three kinds of measurement make up a run:
//
//   - mailbox: N profiles × M chats of in-memory adapters whose intake
//     delivers straight into the profile actors' mailboxes, through
//     profile → session → echo agent → the adapter's Send, which is the
//     sink. No network, no disk. Its baseline is a bare chain of three
//     protoactor actors fed the same way: the engine's own ceiling.
//   - e2e: K Telegram bots on the fake Bot API (telegramtest) over real
//     HTTP on 127.0.0.1, with the durable SQLite inbox on. Its baseline is
//     one bare go-telegram/bot echo bot per token on the same fake.
//   - capacity: memory and goroutines of 1, 100 and 1,000 idle profiles,
//     each polling its own bot on the fake, and the time from start until
//     the gateway says it is running; its baseline is as many idle bare
//     bots. Given the binary (Config.Binary), the largest stage runs once
//     more as `switchboard run` in a process of its own, whose RSS leaves
//     the fake out.
//
// Each message measurement has two phases: a throughput phase that pushes
// a fixed number of messages as fast as the system takes them (mailbox: a
// window of messages per chat ahead of their answers; e2e: all at once, a
// backlog such as Telegram holds for a bot), then a fixed-rate phase whose
// latencies are those of a system that is not saturated.
//
// Everything it starts listens on 127.0.0.1 and is stopped before Run
// returns; every wait is bounded by Config.Timeout. The fake Bot API runs
// in the same process as the gateway, so process-wide figures (RSS,
// allocations, CPU) include its share; the baselines share the same fake,
// which is what makes the ratios fair.
package loadtest
