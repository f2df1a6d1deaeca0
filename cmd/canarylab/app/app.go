// Package app is the canarylab command line: Run parses arguments and runs a
// subcommand, so the whole CLI is testable without a process.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/canarylab/canarylab/internal/logging"
)

// Streams are the command's standard streams.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// ErrAssertionFailed is returned (wrapped) when a scenario ran but one of its
// assertions failed; the exit status is 1.
var ErrAssertionFailed = errors.New("assertion failed")

// ErrUsage marks bad arguments or bad input files; the exit status is 2.
var ErrUsage = errors.New("invalid input")

// Exit statuses.
const (
	ExitOK              = 0
	ExitAssertionFailed = 1
	ExitUsage           = 2
	ExitError           = 3 // the run itself failed (backend, I/O)
)

// ExitCode maps an error returned by Run to a process exit status.
func ExitCode(err error) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrUsage):
		return ExitUsage
	case errors.Is(err, ErrAssertionFailed):
		return ExitAssertionFailed
	default:
		return ExitError
	}
}

// Run runs the canarylab command line with args (without the program name).
func Run(ctx context.Context, args []string, s Streams) error {
	root := newRootCommand(s)
	root.SetArgs(args)
	return root.ExecuteContext(ctx)
}

// globalOptions are flags every subcommand sees.
type globalOptions struct {
	verbosity int
}

func newRootCommand(s Streams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:           "canarylab",
		Short:         "Measure what canary releases really do under failure",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE:          groupRunE,
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			cmd.SetContext(logging.Into(cmd.Context(), logging.New(s.Err, g.verbosity)))
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return errors.Join(ErrUsage, err)
	})
	root.PersistentFlags().IntVarP(&g.verbosity, "verbosity", "v", 0, "log verbosity (0 quiet, 1 info, 2 debug)")
	for _, add := range subcommands {
		root.AddCommand(add(s))
	}
	return root
}

// subcommands lists the constructors of canarylab's subcommands, one per
// file in this package.
var subcommands = []func(Streams) *cobra.Command{
	newRunCommand,
	newValidateCommand,
	newClusterCommand,
}

// groupRunE runs a command that only groups subcommands: without arguments
// it prints help, with any it fails as a usage error.
func groupRunE(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	return fmt.Errorf("%w: unknown command %q for %q", ErrUsage, args[0], cmd.CommandPath())
}

// minArgs is cobra.MinimumNArgs(n) reporting a usage error.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return fmt.Errorf("%w: %s needs at least %d file argument(s)", ErrUsage, cmd.CommandPath(), n)
		}
		return nil
	}
}
