package loadgen

import (
	"math"
	"slices"
	"time"

	"github.com/canarylab/canarylab/rollout"
)

// RecordMetrics answers the rollout core's data-plane queries from recorded
// requests, with one definition for both backends:
//
//   - successRate: served / all requests attributed to the version (its pods
//     served, refused or failed them) that started in [from, to);
//   - errorRate: 1 - successRate over the same requests;
//   - latency: the nearest-rank quantile (the ceil(q*n)-th smallest) of the
//     served requests' latencies, in seconds.
//
// Requests no pod was reached for (no endpoint at all) have no version and
// count for neither. ok is false when the population is empty.
type RecordMetrics []Record

var _ rollout.MetricSource = RecordMetrics(nil)

// Measure implements rollout.MetricSource.
func (m RecordMetrics) Measure(q rollout.DataPlaneQuery, from, to time.Time) (float64, bool) {
	version := q.Version
	if version == "" {
		version = rollout.VersionCanary
	}
	var total, served int
	var lat []time.Duration
	for _, r := range m {
		if r.Version != version || r.Start.Before(from) || !r.Start.Before(to) {
			continue
		}
		total++
		if r.Served() {
			served++
			lat = append(lat, r.Latency)
		}
	}
	switch q.Query {
	case rollout.QuerySuccessRate, rollout.QueryErrorRate:
		if total == 0 {
			return 0, false
		}
		sr := float64(served) / float64(total)
		if q.Query == rollout.QueryErrorRate {
			return 1 - sr, true
		}
		return sr, true
	case rollout.QueryLatency:
		if len(lat) == 0 {
			return 0, false
		}
		slices.Sort(lat)
		i := int(math.Ceil(q.Quantile*float64(len(lat)))) - 1
		i = max(0, min(i, len(lat)-1))
		return lat[i].Seconds(), true
	}
	return 0, false
}
