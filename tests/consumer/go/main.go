// A Go program on hoctap's C API through cgo: opens the installed official registry and
// evaluates the citizen given as JSON, printing the set's id and the result.
//
//	PKG_CONFIG_PATH=PREFIX/lib/pkgconfig go run main.go TITLE DATE RECORD_JSON
package main

// #cgo pkg-config: hoctap
// #include <stdlib.h>
// #include <hoctap/hoctap.h>
import "C"

import (
	"fmt"
	"os"
	"unsafe"
)

// Registry owns a C registry handle; Close frees it.
type Registry struct{ p *C.hoctap_registry }

// failure turns a C error into a Go error and frees it.
func failure(err *C.hoctap_error) error {
	defer C.hoctap_error_free(err)
	return fmt.Errorf("%s: %s", C.GoString(C.hoctap_status_name(C.hoctap_error_code(err))), C.GoString(C.hoctap_error_message(err)))
}

func LoadOfficial() (*Registry, error) {
	var reg *C.hoctap_registry
	var diags *C.hoctap_diagnostics
	var err *C.hoctap_error
	status := C.hoctap_registry_load_official(&reg, &diags, &err)
	defer C.hoctap_diagnostics_free(diags)
	if status != C.HOCTAP_OK {
		return nil, fmt.Errorf("%w\n%s", failure(err), C.GoString(C.hoctap_diagnostics_text(diags)))
	}
	return &Registry{reg}, nil
}

func (r *Registry) Close() { C.hoctap_registry_free(r.p); r.p = nil }

// Evaluate returns the id of the set in force and the result as JSON.
func (r *Registry) Evaluate(title, date, record string) (string, string, error) {
	ctitle, cdate, crecord := C.CString(title), C.CString(date), C.CString(record)
	defer C.free(unsafe.Pointer(ctitle))
	defer C.free(unsafe.Pointer(cdate))
	defer C.free(unsafe.Pointer(crecord))
	var set *C.hoctap_set
	var err *C.hoctap_error
	if C.hoctap_registry_find(r.p, ctitle, cdate, &set, &err) != C.HOCTAP_OK {
		return "", "", failure(err)
	}
	defer C.hoctap_set_free(set)
	var result *C.char
	if C.hoctap_registry_evaluate_json(r.p, ctitle, crecord, C.size_t(len(record)), cdate, nil, 0, 0, &result, &err) != C.HOCTAP_OK {
		return "", "", failure(err)
	}
	defer C.hoctap_string_free(result)
	return C.GoString(C.hoctap_set_id(set)), C.GoString(result), nil
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: main TITLE DATE RECORD_JSON")
		os.Exit(2)
	}
	reg, err := LoadOfficial()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	defer reg.Close()
	id, result, err := reg.Evaluate(os.Args[1], os.Args[2], os.Args[3])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(id, result)
}
