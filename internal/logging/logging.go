// Package logging carries canarylab's one logger (log/slog) in a
// context.Context, so every package logs through the logger the command line
// configured.
package logging

import (
	"context"
	"io"
	"log/slog"
)

type key struct{}

// Into returns a copy of ctx carrying l.
func Into(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, key{}, l)
}

// From returns the logger carried in ctx, or one that discards everything.
func From(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(key{}).(*slog.Logger); ok {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

// New returns a text logger writing to w: verbosity 0 logs warnings and
// errors, 1 adds info, 2 and more add debug.
func New(w io.Writer, verbosity int) *slog.Logger {
	level := slog.LevelWarn
	switch {
	case verbosity >= 2:
		level = slog.LevelDebug
	case verbosity == 1:
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
