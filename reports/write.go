package reports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFiles writes r as dir/base.json and dir/base.md. Both files are
// first written in full to temporary files in dir and synced; only then are
// they renamed into place, so a failure while writing (disk full, I/O)
// leaves the previous pair untouched. If the second rename fails, the JSON
// file just renamed is removed, so no new JSON stands beside an old summary.
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
	jsonTmp, err := writeTemp(jsonPath, js)
	if err != nil {
		return "", "", err
	}
	mdTmp, err := writeTemp(mdPath, r.Markdown())
	if err != nil {
		_ = os.Remove(jsonTmp)
		return "", "", err
	}
	if err := os.Rename(jsonTmp, jsonPath); err != nil {
		_ = os.Remove(jsonTmp)
		_ = os.Remove(mdTmp)
		return "", "", fmt.Errorf("write report %s: rename into place: %w", jsonPath, err)
	}
	if err := os.Rename(mdTmp, mdPath); err != nil {
		err = fmt.Errorf("write report %s: rename into place: %w", mdPath, err)
		_ = os.Remove(mdTmp)
		if rmErr := os.Remove(jsonPath); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove %s after failed write: %w", jsonPath, rmErr))
		}
		return "", "", err
	}
	return jsonPath, mdPath, nil
}

// writeTemp writes data to a synced temporary file beside path and returns
// its name; on error nothing is left behind.
func writeTemp(path string, data []byte) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write report %s: create temporary file: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return "", fmt.Errorf("write report %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("write report %s: sync: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write report %s: close: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return "", fmt.Errorf("write report %s: chmod: %w", path, err)
	}
	return f.Name(), nil
}
