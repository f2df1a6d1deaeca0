package rollout

import (
	"math"
	"testing"
)

func TestEvalCondition(t *testing.T) {
	tests := []struct {
		expr   string
		result float64
		want   bool
	}{
		{"result >= 0.99", 0.99, true},
		{"result >= 0.99", 0.9899, false},
		{"result > 0.5", 0.5, false},
		{"result < 1", 0.5, true},
		{"result <= 1", 1, true},
		{"result == 3", 3, true},
		{"result != 3", 3, false},
		{"result[0] >= 0.95", 0.97, true}, // Argo's Prometheus style
		{"result > 0.1 && result < 0.2", 0.15, true},
		{"result > 0.1 && result < 0.2", 0.25, false},
		{"result < 0.1 || result > 0.9", 0.95, true},
		{"!(result > 1)", 0.5, true},
		{"!true || false", 0, false},
		{"isNaN(result)", math.NaN(), true},
		{"isNaN(result) || result < 0.01", 0.001, true},
		{"!isNaN(result) && result >= 0.95", math.NaN(), false},
		{"result > -1", -0.5, true},
		{"result >= 1e-3", 0.001, true},
		{"1 < result", 2, true},
		{"result < 0.5 || result > 0.7 && result < 0.8", 0.75, true}, // && binds tighter than ||
		{"(result < 0.5 || result > 0.7) && result < 0.8", 0.9, false},
		{"result > 0.5", math.NaN(), false},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			got, err := EvalCondition(tc.expr, tc.result)
			if err != nil {
				t.Fatalf("EvalCondition(%q, %v): %v", tc.expr, tc.result, err)
			}
			if got != tc.want {
				t.Errorf("EvalCondition(%q, %v) = %v, want %v", tc.expr, tc.result, got, tc.want)
			}
		})
	}
}

func TestParseConditionErrors(t *testing.T) {
	for _, expr := range []string{
		"",                  // empty
		"result",            // a number, not a condition
		"result > ",         // missing operand
		"result >> 1",       // bad operator
		"(result > 1",       // unclosed
		"result > 1)",       // trailing
		"result[1] > 0",     // only index 0
		"foo > 1",           // unknown name
		"!result",           // ! on a number
		"result > 1 && 2",   // && on a number
		"true < 1",          // comparison on a boolean
		"isNaN(result > 1)", // isNaN of a boolean
		"result = 1",        // single =
		"result & 1",        // single &
		"1..2 > result",     // bad number
		"len(result) > 0",   // unsupported function
	} {
		t.Run(expr, func(t *testing.T) {
			if err := ParseCondition(expr); err == nil {
				t.Errorf("ParseCondition(%q) = nil, want an error", expr)
			}
			if _, err := EvalCondition(expr, 1); err == nil {
				t.Errorf("EvalCondition(%q) = nil error, want one", expr)
			}
		})
	}
	if err := ParseCondition("result >= 0.99 && !isNaN(result[0])"); err != nil {
		t.Errorf("valid condition rejected: %v", err)
	}
}
