// Package poll decides when a waiter polls GET /videos/{id} while an Argil render runs, and
// gives it an injectable clock. See README.md in this directory for the schedule, its
// defaults and the measurements behind them.
package poll
