package app

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/canarylab/canarylab/scenarios"
)

func newValidateCommand(s Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files and report every error with its field path and line:column",
		Args:  minArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			scs, err := loadAll(s, args)
			if err != nil {
				return err
			}
			for _, sc := range scs {
				fmt.Fprintf(s.Out, "%s: ok (scenario %q)\n", sc.Path, sc.Metadata.Name)
			}
			return nil
		},
	}
}

// loadAll loads every file, printing each file's errors to s.Err; it fails
// (with ErrUsage) when any file is invalid, so nothing runs on bad input.
func loadAll(s Streams, files []string) ([]*scenarios.Scenario, error) {
	var (
		out []*scenarios.Scenario
		bad int
	)
	for _, f := range files {
		sc, err := scenarios.Load(f)
		if err != nil {
			bad++
			var list scenarios.ErrorList
			if errors.As(err, &list) {
				for _, fe := range list {
					fmt.Fprintln(s.Err, fe.Error())
				}
			} else {
				fmt.Fprintln(s.Err, err)
			}
			continue
		}
		out = append(out, sc)
	}
	if bad > 0 {
		return nil, fmt.Errorf("%w: %d of %d scenario files invalid", ErrUsage, bad, len(files))
	}
	return out, nil
}
