package loadgen

import (
	"errors"
	"fmt"
	"math"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// ErrInvalidPacer is returned (wrapped) for a pacer spec vegeta cannot run.
var ErrInvalidPacer = errors.New("invalid pacer")

// NewPacer maps a PacerSpec to one of vegeta's own pacers, so the simulator
// and the real load share one definition of "rate". Rates are requests per
// second; a whole rate becomes vegeta.Rate{Freq: rate, Per: 1s}, a
// fractional one {Freq: 1, Per: 1s/rate}.
func NewPacer(s PacerSpec) (vegeta.Pacer, error) {
	if s.Rate <= 0 || math.IsNaN(s.Rate) || math.IsInf(s.Rate, 0) {
		return nil, fmt.Errorf("%w: rate %v must be a positive number of requests per second", ErrInvalidPacer, s.Rate)
	}
	switch s.Type {
	case "", PacerConstant:
		return rateOf(s.Rate), nil
	case PacerLinear:
		return vegeta.LinearPacer{StartAt: rateOf(s.Rate), Slope: s.Slope}, nil
	case PacerSine:
		if s.Period.D() <= 0 {
			return nil, fmt.Errorf("%w: sine pacer needs a positive period", ErrInvalidPacer)
		}
		if s.Amplitude < 0 || s.Amplitude >= s.Rate {
			return nil, fmt.Errorf("%w: sine amplitude %v must be in [0, rate %v)", ErrInvalidPacer, s.Amplitude, s.Rate)
		}
		amp := vegeta.Rate{}
		if s.Amplitude > 0 {
			amp = rateOf(s.Amplitude)
		}
		return vegeta.SinePacer{Period: s.Period.D(), Mean: rateOf(s.Rate), Amp: amp, StartAt: vegeta.MeanUp}, nil
	}
	return nil, fmt.Errorf("%w: unknown type %q (want %s, %s or %s)", ErrInvalidPacer, s.Type, PacerConstant, PacerLinear, PacerSine)
}

// rateOf turns requests per second into a vegeta.Rate.
func rateOf(perSec float64) vegeta.Rate {
	if perSec == math.Trunc(perSec) && perSec <= math.MaxInt32 {
		return vegeta.Rate{Freq: int(perSec), Per: time.Second}
	}
	return vegeta.Rate{Freq: 1, Per: time.Duration(math.Round(float64(time.Second) / perSec))}
}
