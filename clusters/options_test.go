package clusters

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestBuildOptions(t *testing.T) {
	single, _ := EmbeddedConfig("single")
	tests := []struct {
		name    string
		opts    []Option
		wantErr error
		check   func(*upOptions) string
	}{
		{"no image", nil, ErrNoImage, nil},
		{"blank image", []Option{WithImage("  ")}, ErrNoImage, nil},
		{"nil config", []Option{WithImage("i:1"), WithConfig(nil)}, ErrInvalidConfig, nil},
		{"invalid config", []Option{WithImage("i:1"), WithConfig(&Config{})}, ErrInvalidConfig, nil},
		{"defaults", []Option{WithImage("i:1")}, nil, func(o *upOptions) string {
			if o.image != "i:1" || o.wait != DefaultWait || o.config.Nodes() != 4 || o.retain || o.kubeconfigPath != "" {
				return "defaults not applied"
			}
			return ""
		}},
		{"all set", []Option{WithImage("i:1"), WithConfig(single), WithWait(time.Minute), WithKubeconfigPath("/tmp/kc"), WithRetain(true)},
			nil, func(o *upOptions) string {
				if o.config != single || o.wait != time.Minute || o.kubeconfigPath != "/tmp/kc" || !o.retain {
					return "options not applied"
				}
				return ""
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := buildOptions(tt.opts)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.check != nil {
				if msg := tt.check(o); msg != "" {
					t.Errorf("%s: %+v", msg, o)
				}
			}
		})
	}
	if _, err := buildOptions([]Option{WithImage("i:1"), WithWait(0)}); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("zero wait: err = %v", err)
	}
}

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"canarylab", true},
		{"e2e-1.x", true},
		{"a", true},
		{strings.Repeat("a", 50), true},
		{strings.Repeat("a", 51), false},
		{"", false},
		{"Canary", false},
		{"-lead", false},
		{"trail-", false},
		{"under_score", false},
	}
	for _, tt := range tests {
		err := ValidateName(tt.name)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidName)) {
			t.Errorf("ValidateName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
