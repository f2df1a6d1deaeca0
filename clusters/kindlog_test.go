package clusters

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestKindLogger(t *testing.T) {
	var buf bytes.Buffer
	l := kindLogger{l: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))}
	l.V(0).Infof(" • Ensuring node image (%s) 🖼  ...\n", "canarylab/node:x")
	l.V(1).Info("debug detail, dropped at info level")
	l.V(0).Info(" ✓ \n")
	l.Warnf("careful %d", 1)
	l.Error("broken")
	want := `level=INFO msg="Ensuring node image (canarylab/node:x) 🖼" from=kind
level=WARN msg="careful 1" from=kind
level=ERROR msg=broken from=kind
`
	if buf.String() != want {
		t.Errorf("logged:\n%s\nwant:\n%s", buf.String(), want)
	}
	if !l.V(0).Enabled() || l.V(1).Enabled() {
		t.Errorf("Enabled: V(0) %v V(1) %v, want true false", l.V(0).Enabled(), l.V(1).Enabled())
	}
}

func TestTidy(t *testing.T) {
	tests := map[string]string{
		" • Preparing nodes 📦  ...\n":  "Preparing nodes 📦",
		" ✓ Writing configuration 📜\n": "done: Writing configuration 📜",
		" ✗ Starting control-plane\n":  "failed: Starting control-plane",
		"plain":                        "plain",
		strings.Repeat(" ", 3):         "",
	}
	for in, want := range tests {
		if got := tidy(in); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}
