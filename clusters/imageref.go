package clusters

import (
	"errors"
	"fmt"
	"regexp"
)

// ErrInvalidImageRef marks an image reference ImageArchiveFromBinary
// refuses.
var ErrInvalidImageRef = errors.New("invalid image reference")

// imageRefRE follows the Docker reference grammar for name:tag: an optional
// registry host (with a dot or a port, or "localhost"), then slash-separated
// lowercase path components joined by '.', '_', '__' or dashes, then a
// mandatory tag. Digests are not accepted: the archive names a tag.
var imageRefRE = regexp.MustCompile(`^` +
	`(?:(?:[a-zA-Z0-9-]+\.[a-zA-Z0-9.-]+|localhost|[a-zA-Z0-9.-]+:[0-9]+)(?::[0-9]+)?/)?` +
	`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*` +
	`(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*` +
	`:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// ValidateImageRef checks that ref is a name:tag Docker reference, e.g.
// "canarylab/echo:v1" or "localhost:5000/echo:dev".
func ValidateImageRef(ref string) error {
	if len(ref) > 255 || !imageRefRE.MatchString(ref) {
		return fmt.Errorf("%w %q: want [host[:port]/]path:tag with a lowercase path and an explicit tag",
			ErrInvalidImageRef, ref)
	}
	return nil
}
