package clusters

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	kindlog "sigs.k8s.io/kind/pkg/log"
)

// kindLogger adapts an slog.Logger to kind's log.Logger so kind's progress
// messages go through canarylab's logger: kind's V(0) messages are Info,
// V(1) and higher are Debug.
type kindLogger struct {
	l *slog.Logger
}

var _ kindlog.Logger = kindLogger{}

// Warn logs a kind warning.
func (k kindLogger) Warn(message string) { k.l.Warn(tidy(message), "from", "kind") }

// Warnf logs a formatted kind warning.
func (k kindLogger) Warnf(format string, args ...any) { k.Warn(fmt.Sprintf(format, args...)) }

// Error logs a kind error.
func (k kindLogger) Error(message string) { k.l.Error(tidy(message), "from", "kind") }

// Errorf logs a formatted kind error.
func (k kindLogger) Errorf(format string, args ...any) { k.Error(fmt.Sprintf(format, args...)) }

// V returns the info logger for kind's verbosity level v.
func (k kindLogger) V(v kindlog.Level) kindlog.InfoLogger {
	level := slog.LevelInfo
	if v > 0 {
		level = slog.LevelDebug
	}
	return kindInfoLogger{l: k.l, level: level}
}

type kindInfoLogger struct {
	l     *slog.Logger
	level slog.Level
}

// Info logs a kind progress message at the logger's level, dropping empty
// ones (kind's status marks alone).
func (k kindInfoLogger) Info(message string) {
	if m := tidy(message); m != "" {
		k.l.Log(context.Background(), k.level, m, "from", "kind")
	}
}

// Infof logs a formatted kind progress message.
func (k kindInfoLogger) Infof(format string, args ...any) {
	k.Info(fmt.Sprintf(format, args...))
}

// Enabled reports whether the logger would log at this level.
func (k kindInfoLogger) Enabled() bool {
	return k.l.Enabled(context.Background(), k.level)
}

// tidy trims kind's decorations (bullets, trailing dots and newlines) so
// each message is one clean log line; kind's status marks become words, so
// the end of a step reads "done: <step>" or "failed: <step>".
func tidy(message string) string {
	m := strings.TrimSpace(message)
	prefix := ""
	switch {
	case strings.HasPrefix(m, "✓"):
		prefix = "done: "
	case strings.HasPrefix(m, "✗"):
		prefix = "failed: "
	}
	m = strings.TrimSpace(strings.TrimLeft(m, "•✓✗ "))
	m = strings.TrimSpace(strings.TrimSuffix(m, "..."))
	if m == "" {
		return ""
	}
	return prefix + m
}
