package clusters

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ImageBinaryPath is where ImageArchiveFromBinary puts the binary in the
// image; it is also the image's entrypoint.
const ImageBinaryPath = "/app"

// ErrNotStatic marks a binary that cannot run alone in an empty image.
var ErrNotStatic = errors.New("not a static Linux executable")

// archiveManifest is one entry of a Docker image archive's manifest.json
// (the format `docker save` writes and `docker load` and `ctr images
// import` read).
type archiveManifest struct {
	Config   string   `json:"Config"`
	RepoTags []string `json:"RepoTags"`
	Layers   []string `json:"Layers"`
}

// imageConfig is the subset of the OCI / Docker image configuration that an
// image made of one binary needs.
type imageConfig struct {
	Architecture string         `json:"architecture"`
	OS           string         `json:"os"`
	Created      time.Time      `json:"created"`
	Config       runConfig      `json:"config"`
	RootFS       rootFS         `json:"rootfs"`
	History      []historyEntry `json:"history"`
}

type runConfig struct {
	Entrypoint []string `json:"Entrypoint"`
	Env        []string `json:"Env"`
	WorkingDir string   `json:"WorkingDir"`
}

type rootFS struct {
	Type    string   `json:"type"`
	DiffIDs []string `json:"diff_ids"`
}

type historyEntry struct {
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
}

// ImageArchiveFromBinary writes to w a Docker image archive for imageRef
// (name:tag): one uncompressed layer holding the static Linux executable
// binPath at ImageBinaryPath, which is the entrypoint. The image's
// architecture is read from the ELF header. Timestamps are the Unix epoch,
// so the same binary and reference always give the same bytes and digests.
func ImageArchiveFromBinary(binPath, imageRef string, w io.Writer) error {
	if err := ValidateImageRef(imageRef); err != nil {
		return err
	}
	arch, err := staticELFArch(binPath)
	if err != nil {
		return fmt.Errorf("image %s from %s: %w", imageRef, binPath, err)
	}
	bin, err := os.ReadFile(binPath)
	if err != nil {
		return fmt.Errorf("image %s: read binary: %w", imageRef, err)
	}
	var layer bytes.Buffer
	lw := tar.NewWriter(&layer)
	if err := writeTarFile(lw, ImageBinaryPath[1:], 0o755, bin); err != nil {
		return fmt.Errorf("image %s: build layer: %w", imageRef, err)
	}
	if err := lw.Close(); err != nil {
		return fmt.Errorf("image %s: build layer: %w", imageRef, err)
	}
	layerDigest := sha256Hex(layer.Bytes())
	epoch := time.Unix(0, 0).UTC()
	config, err := json.Marshal(imageConfig{
		Architecture: arch,
		OS:           "linux",
		Created:      epoch,
		Config: runConfig{
			Entrypoint: []string{ImageBinaryPath},
			Env:        []string{"PATH=/"},
			WorkingDir: "/",
		},
		RootFS:  rootFS{Type: "layers", DiffIDs: []string{"sha256:" + layerDigest}},
		History: []historyEntry{{Created: epoch, CreatedBy: "canarylab ImageArchiveFromBinary"}},
	})
	if err != nil {
		return fmt.Errorf("image %s: encode config: %w", imageRef, err)
	}
	configPath := "blobs/sha256/" + sha256Hex(config)
	layerPath := "blobs/sha256/" + layerDigest
	manifest, err := json.Marshal([]archiveManifest{{Config: configPath, RepoTags: []string{imageRef}, Layers: []string{layerPath}}})
	if err != nil {
		return fmt.Errorf("image %s: encode manifest: %w", imageRef, err)
	}
	tw := tar.NewWriter(w)
	for _, f := range []struct {
		name string
		data []byte
	}{{configPath, config}, {layerPath, layer.Bytes()}, {"manifest.json", manifest}} {
		if err := writeTarFile(tw, f.name, 0o644, f.data); err != nil {
			return fmt.Errorf("image %s: write archive: %w", imageRef, err)
		}
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("image %s: write archive: %w", imageRef, err)
	}
	return nil
}

// writeTarFile writes one regular file owned by root with an epoch mtime.
func writeTarFile(tw *tar.Writer, name string, mode int64, data []byte) error {
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Mode:     mode,
		Size:     int64(len(data)),
		ModTime:  time.Unix(0, 0),
		Format:   tar.FormatPAX,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("tar header %s: %w", name, err)
	}
	if _, err := tw.Write(data); err != nil {
		return fmt.Errorf("tar data %s: %w", name, err)
	}
	return nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// elfArch maps ELF machines to GOARCH / OCI architecture names.
var elfArch = map[elf.Machine]string{
	elf.EM_X86_64:  "amd64",
	elf.EM_AARCH64: "arm64",
	elf.EM_386:     "386",
	elf.EM_ARM:     "arm",
	elf.EM_RISCV:   "riscv64",
	elf.EM_S390:    "s390x",
}

// staticELFArch returns the architecture of the Linux executable at path
// and fails unless it is statically linked (no program interpreter).
func staticELFArch(path string) (string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotStatic, err)
	}
	defer f.Close()
	if (f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN) || f.Entry == 0 {
		return "", fmt.Errorf("%w: ELF type %v, entry %#x: not an executable", ErrNotStatic, f.Type, f.Entry)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return "", fmt.Errorf("%w: dynamically linked (has a program interpreter; build with CGO_ENABLED=0)", ErrNotStatic)
		}
	}
	if f.Machine == elf.EM_PPC64 && f.ByteOrder == binary.LittleEndian {
		return "ppc64le", nil
	}
	arch, ok := elfArch[f.Machine]
	if !ok {
		return "", fmt.Errorf("%w: unsupported machine %v", ErrNotStatic, f.Machine)
	}
	return arch, nil
}
