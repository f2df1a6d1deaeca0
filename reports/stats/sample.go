package stats

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// Estimate is a figure over repeated trials: its mean with an interval and
// its median.
type Estimate struct {
	// N is the number of trials.
	N int `json:"n"`
	// Mean is the arithmetic mean.
	Mean float64 `json:"mean"`
	// Lo is the interval's lower bound (Mean when N < 2).
	Lo float64 `json:"lo"`
	// Hi is the interval's upper bound (Mean when N < 2).
	Hi float64 `json:"hi"`
	// Median is the middle value (mean of the two middle ones for even N).
	Median float64 `json:"median"`
}

// MeanT returns the mean of xs with the Student t interval at confidence
// conf: mean ± t_{(1+conf)/2, n-1} · s/sqrt(n), s the sample standard
// deviation. With fewer than two values the interval collapses to the mean.
func MeanT(xs []float64, conf float64) Estimate {
	e := Estimate{N: len(xs), Median: Median(xs)}
	if len(xs) == 0 {
		return e
	}
	e.Mean = mean(xs)
	e.Lo, e.Hi = e.Mean, e.Mean
	if len(xs) < 2 {
		return e
	}
	n := float64(len(xs))
	ss := 0.0
	for _, x := range xs {
		ss += (x - e.Mean) * (x - e.Mean)
	}
	s := math.Sqrt(ss / (n - 1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile((1 + conf) / 2)
	e.Lo, e.Hi = e.Mean-t*s/math.Sqrt(n), e.Mean+t*s/math.Sqrt(n)
	return e
}

// BootstrapMean returns the mean of xs with a percentile bootstrap interval
// at confidence conf from b resamples drawn with a PCG source seeded by
// seed: the interval bounds are the (1-conf)/2 and (1+conf)/2 quantiles
// (type 7, as R's default) of the resampled means. Same inputs, same result.
func BootstrapMean(xs []float64, conf float64, b int, seed uint64) Estimate {
	e := Estimate{N: len(xs), Median: Median(xs)}
	if len(xs) == 0 {
		return e
	}
	e.Mean = mean(xs)
	e.Lo, e.Hi = e.Mean, e.Mean
	if len(xs) < 2 || b < 1 {
		return e
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	means := make([]float64, b)
	for i := range means {
		s := 0.0
		for range xs {
			s += xs[rng.IntN(len(xs))]
		}
		means[i] = s / float64(len(xs))
	}
	slices.Sort(means)
	e.Lo = quantile7(means, (1-conf)/2)
	e.Hi = quantile7(means, (1+conf)/2)
	return e
}

// Median returns the median of xs (0 for none). xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return quantile7(s, 0.5)
}

// quantile7 is the type-7 (linear interpolation) quantile of sorted s.
func quantile7(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	i := int(math.Floor(h))
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
