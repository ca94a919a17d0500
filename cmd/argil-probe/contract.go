package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/argil-community/terraform-provider-argil/internal/emulator"
)

// maxViolations is how many contract violations one report line lists.
const maxViolations = 3

// contract is the Argil v1 OpenAPI document embedded in the binary (emulator.Contract).
type contract struct{ doc *openapi3.T }

func loadContract() (*contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(emulator.Contract)
	if err != nil {
		return nil, fmt.Errorf("embedded contract: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("embedded contract: %w", err)
	}
	return &contract{doc: doc}, nil
}

// violations checks x's answer against the responses the contract declares for GET x.route:
// the status, the content type, the declared headers and the body schema. It returns what
// differs, at most maxViolations phrases (the last one counting the rest).
func (c *contract) violations(x *exchange) []string {
	item := c.doc.Paths.Value(x.route)
	if item == nil || item.Get == nil {
		return []string{fmt.Sprintf("the contract has no GET %s", x.route)}
	}
	req, err := http.NewRequest(http.MethodGet, "http://argil-probe"+x.path, nil)
	if err != nil {
		return []string{err.Error()}
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req,
			Route:   &routers.Route{Spec: c.doc, Path: x.route, PathItem: item, Method: http.MethodGet, Operation: item.Get},
			Options: opts,
		},
		Status:  x.status,
		Header:  x.header,
		Options: opts,
	}
	in.SetBodyBytes(x.body)
	err = openapi3filter.ValidateResponse(context.Background(), in)
	if err == nil {
		return nil
	}
	out := flatten(err)
	if len(out) > maxViolations {
		out = append(out[:maxViolations-1], fmt.Sprintf("and %d more", len(out)-maxViolations+1))
	}
	return out
}

// flatten turns a validation error into short phrases: "at /videos/0/duration: value must be
// a number".
func flatten(err error) []string {
	var me openapi3.MultiError
	if errors.As(err, &me) && len(me) > 0 {
		var out []string
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		where := "/" + strings.Join(se.JSONPointer(), "/")
		return []string{fmt.Sprintf("at %s: %s", where, se.Reason)}
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) {
		if re.Err != nil {
			return []string{clip(re.Reason+": "+re.Err.Error(), 200)}
		}
		return []string{re.Reason}
	}
	return []string{clip(err.Error(), 200)}
}

// clip cuts s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// unknownKeys lists the keys of obj that the contract's schema does not name.
func (c *contract) unknownKeys(schema string, obj map[string]any) []string {
	ref := c.doc.Components.Schemas[schema]
	if ref == nil || ref.Value == nil {
		return nil
	}
	var out []string
	for k := range obj {
		if _, ok := ref.Value.Properties[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
