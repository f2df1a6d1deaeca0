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
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fakeELF writes a minimal ELF64 little-endian executable header for
// machine with the given program header types, plus some payload, and
// returns its path.
func fakeELF(t *testing.T, machine elf.Machine, typ elf.Type, entry uint64, progs ...elf.ProgType) string {
	t.Helper()
	var b bytes.Buffer
	h := elf.Header64{
		Type: uint16(typ), Machine: uint16(machine), Version: 1, Entry: entry,
		Phoff: 64, Ehsize: 64, Phentsize: 56, Phnum: uint16(len(progs)), Shentsize: 64,
	}
	copy(h.Ident[:], []byte{0x7f, 'E', 'L', 'F', byte(elf.ELFCLASS64), byte(elf.ELFDATA2LSB), byte(elf.EV_CURRENT)})
	if err := binary.Write(&b, binary.LittleEndian, h); err != nil {
		t.Fatal(err)
	}
	for _, p := range progs {
		if err := binary.Write(&b, binary.LittleEndian, elf.Prog64{Type: uint32(p), Align: 1}); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteString("payload standing in for machine code")
	path := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(path, b.Bytes(), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// readTar returns the regular files of a tar stream in order, with modes.
func readTar(t *testing.T, r io.Reader) (names []string, files map[string][]byte, modes map[string]int64) {
	t.Helper()
	files, modes = map[string][]byte{}, map[string]int64{}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return names, files, modes
		}
		if err != nil {
			t.Fatalf("read tar: %v", err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if hdr.Uid != 0 || hdr.Gid != 0 || hdr.ModTime.Unix() != 0 {
			t.Errorf("%s: uid %d gid %d mtime %v, want root and the epoch", hdr.Name, hdr.Uid, hdr.Gid, hdr.ModTime)
		}
		names = append(names, hdr.Name)
		files[hdr.Name], modes[hdr.Name] = data, hdr.Mode
	}
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestImageArchiveFromBinary(t *testing.T) {
	bin := fakeELF(t, elf.EM_X86_64, elf.ET_EXEC, 0x401000, elf.PT_LOAD)
	binBytes, _ := os.ReadFile(bin)
	var archive bytes.Buffer
	if err := ImageArchiveFromBinary(bin, "canarylab/probe:e2e", &archive); err != nil {
		t.Fatal(err)
	}
	names, files, _ := readTar(t, bytes.NewReader(archive.Bytes()))
	if len(names) != 3 || names[2] != "manifest.json" {
		t.Fatalf("archive entries %v, want config, layer, manifest.json", names)
	}

	var manifest []archiveManifest
	if err := json.Unmarshal(files["manifest.json"], &manifest); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	if len(manifest) != 1 || len(manifest[0].Layers) != 1 || len(manifest[0].RepoTags) != 1 ||
		manifest[0].RepoTags[0] != "canarylab/probe:e2e" {
		t.Fatalf("manifest %+v: want one image, one layer, tag canarylab/probe:e2e", manifest)
	}
	cfgBytes, layer := files[manifest[0].Config], files[manifest[0].Layers[0]]
	if manifest[0].Config != "blobs/sha256/"+digest(cfgBytes) {
		t.Errorf("config path %s is not its content digest %s", manifest[0].Config, digest(cfgBytes))
	}
	if manifest[0].Layers[0] != "blobs/sha256/"+digest(layer) {
		t.Errorf("layer path %s is not its content digest %s", manifest[0].Layers[0], digest(layer))
	}

	var cfg map[string]any
	if err := json.Unmarshal(cfgBytes, &cfg); err != nil {
		t.Fatalf("config: %v", err)
	}
	want := map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"created":      "1970-01-01T00:00:00Z",
		"config":       map[string]any{"Entrypoint": []any{"/app"}, "Env": []any{"PATH=/"}, "WorkingDir": "/"},
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []any{"sha256:" + digest(layer)}},
	}
	for k, v := range want {
		got, _ := json.Marshal(cfg[k])
		exp, _ := json.Marshal(v)
		if !bytes.Equal(got, exp) {
			t.Errorf("config %s = %s, want %s", k, got, exp)
		}
	}

	lnames, lfiles, lmodes := readTar(t, bytes.NewReader(layer))
	if len(lnames) != 1 || lnames[0] != "app" || lmodes["app"] != 0o755 || !bytes.Equal(lfiles["app"], binBytes) {
		t.Errorf("layer holds %v (mode %o), want only app, mode 755, with the binary's bytes", lnames, lmodes["app"])
	}

	var again bytes.Buffer
	if err := ImageArchiveFromBinary(bin, "canarylab/probe:e2e", &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(archive.Bytes(), again.Bytes()) {
		t.Error("two archives of the same binary differ")
	}
}

func TestImageArchiveArchitecture(t *testing.T) {
	tests := []struct {
		machine elf.Machine
		want    string
	}{
		{elf.EM_X86_64, "amd64"},
		{elf.EM_AARCH64, "arm64"},
		{elf.EM_RISCV, "riscv64"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := staticELFArch(fakeELF(t, tt.machine, elf.ET_EXEC, 0x1000, elf.PT_LOAD))
			if err != nil || got != tt.want {
				t.Errorf("arch = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestImageArchiveRejects(t *testing.T) {
	notELF := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(notELF, []byte("#!/bin/sh\necho hi\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	static := fakeELF(t, elf.EM_X86_64, elf.ET_EXEC, 0x1000, elf.PT_LOAD)
	tests := []struct {
		name, bin, ref string
		want           error
	}{
		{"dynamic", fakeELF(t, elf.EM_X86_64, elf.ET_EXEC, 0x1000, elf.PT_INTERP, elf.PT_LOAD), "a/b:c", ErrNotStatic},
		{"shared library", fakeELF(t, elf.EM_X86_64, elf.ET_DYN, 0, elf.PT_LOAD), "a/b:c", ErrNotStatic},
		{"object file", fakeELF(t, elf.EM_X86_64, elf.ET_REL, 0x1000), "a/b:c", ErrNotStatic},
		{"unknown machine", fakeELF(t, elf.EM_MIPS, elf.ET_EXEC, 0x1000, elf.PT_LOAD), "a/b:c", ErrNotStatic},
		{"not ELF", notELF, "a/b:c", ErrNotStatic},
		{"missing file", filepath.Join(t.TempDir(), "none"), "a/b:c", ErrNotStatic},
		{"no tag", static, "canarylab/probe", ErrInvalidImageRef},
		{"upper case", static, "Canarylab/probe:v1", ErrInvalidImageRef},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := ImageArchiveFromBinary(tt.bin, tt.ref, &out)
			if !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes on error", out.Len())
			}
		})
	}
}

func TestValidateImageRef(t *testing.T) {
	tests := []struct {
		ref string
		ok  bool
	}{
		{"canarylab/probe:e2e", true},
		{"probe:v1.2.3", true},
		{"localhost:5000/team/probe:dev", true},
		{"registry.example.com/a_b/c-d:X_1", true},
		{"docker.io/library/busybox:1.36", true},
		{"probe", false},
		{"probe:", false},
		{"Probe:v1", false},
		{"probe:-bad", false},
		{"probe@sha256:abcd", false},
		{"/probe:v1", false},
		{"probe:v1 ", false},
	}
	for _, tt := range tests {
		if err := ValidateImageRef(tt.ref); (err == nil) != tt.ok {
			t.Errorf("ValidateImageRef(%q) = %v, want ok=%v", tt.ref, err, tt.ok)
		}
	}
}
