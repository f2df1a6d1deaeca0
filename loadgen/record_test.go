package loadgen

import "testing"

func TestRecordPredicates(t *testing.T) {
	tests := []struct {
		name          string
		r             Record
		served, byPod bool
	}{
		{"pod 200", Record{Code: 200, Pod: "p", Version: "canary"}, true, true},
		{"pod 404", Record{Code: 404, Pod: "p", Version: "stable"}, true, true},
		{"pod 500", Record{Code: 500, Error: Err5xx, Pod: "p", Version: "canary"}, false, true},
		{"router 502 after a failed try", Record{Code: 502, Error: Err5xx, Pod: "p", Version: "canary", ByRouter: true}, false, false},
		{"router 503, empty pool", Record{Code: 503, Error: Err5xx, ByRouter: true}, false, false},
		{"refused by a pod", Record{Error: ErrRefused, Pod: "p", Version: "stable"}, false, false},
		{"timeout", Record{Error: ErrTimeout, Pod: "p", Version: "stable"}, false, false},
		{"no version", Record{Code: 200, Pod: "p"}, true, false},
	}
	for _, tc := range tests {
		if got := tc.r.Served(); got != tc.served {
			t.Errorf("%s: Served() = %v, want %v", tc.name, got, tc.served)
		}
		if got := tc.r.AnsweredByPod(); got != tc.byPod {
			t.Errorf("%s: AnsweredByPod() = %v, want %v", tc.name, got, tc.byPod)
		}
	}
}
