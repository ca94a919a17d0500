package argil

// Test-only helpers of the package's types, visible to its external tests too.

// String names an Outcome in test failures.
func (o Outcome) String() string {
	switch o {
	case Pending:
		return "pending"
	case Succeeded:
		return "succeeded"
	case Failed:
		return "failed"
	case NotStarted:
		return "not started"
	default:
		return "unknown"
	}
}

// RequestID returns the token CreateVideo stored in the video's extras, or "".
func (v *Video) RequestID() string { return v.Extras[RequestIDExtraKey] }
