package reports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFiles writes r as dir/base.json and dir/base.md. Each file is
// written to a temporary file in dir, synced and renamed into place, so a
// reader sees either the old file or the complete new one; on any error the
// temporary files are removed, and a JSON file already renamed is removed
// too, so the pair is never half-written.
func WriteFiles(dir, base string, r *Report) (jsonPath, mdPath string, err error) {
	js, err := r.JSON()
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", fmt.Errorf("create report directory: %w", err)
	}
	jsonPath = filepath.Join(dir, base+".json")
	mdPath = filepath.Join(dir, base+".md")
	if err := writeAtomic(jsonPath, js); err != nil {
		return "", "", err
	}
	if err := writeAtomic(mdPath, r.Markdown()); err != nil {
		if rmErr := os.Remove(jsonPath); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove %s after failed write: %w", jsonPath, rmErr))
		}
		return "", "", err
	}
	return jsonPath, mdPath, nil
}

// writeAtomic writes data to path through a temporary file and a rename.
func writeAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write report %s: create temporary file: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write report %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report %s: close: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("write report %s: chmod: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write report %s: rename into place: %w", path, err)
	}
	return nil
}
