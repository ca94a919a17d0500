package argil

import "strings"

// Outcome is what a video status means to a caller waiting for a render.
type Outcome int

const (
	// Pending: the render goes on (GENERATING_AUDIO, GENERATING_VIDEO).
	Pending Outcome = iota
	// Succeeded: the render is DONE and its URLs are set.
	Succeeded
	// Failed: the render ended without a video (FAILED, CONTENT_MODERATED, and unknown
	// statuses that name a failure).
	Failed
	// NotStarted: no render is running (IDLE).
	NotStarted
	// Unknown: a status the contract does not list and whose name does not say it failed. A
	// waiter keeps waiting on it, and says so.
	Unknown
)

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

// failureWords mark an undocumented status as the end of a render that produced no video.
var failureWords = []string{"FAIL", "ERROR", "MODERAT", "REFUSE", "REJECT", "CANCEL", "ABORT", "BLOCK"}

// Classify tells what a video status means for a render:
//
//	IDLE                                  NotStarted
//	GENERATING_AUDIO, GENERATING_VIDEO    Pending
//	DONE                                  Succeeded
//	FAILED, CONTENT_MODERATED             Failed
//	other values naming a failure         Failed  (e.g. ..._FAILED, ..._ERROR, REJECTED, CANCELLED)
//	any other value                       Unknown (a waiter keeps waiting and warns)
func Classify(status string) Outcome {
	switch status {
	case StatusIdle:
		return NotStarted
	case StatusGeneratingAudio, StatusGeneratingVideo:
		return Pending
	case StatusDone:
		return Succeeded
	case StatusFailed, StatusContentModerated:
		return Failed
	}
	return undocumented(status)
}

// undocumented classifies a status the API documentation does not list: Failed when its name
// says it failed, Unknown otherwise (a waiter keeps waiting on it).
func undocumented(status string) Outcome {
	up := strings.ToUpper(status)
	for _, w := range failureWords {
		if strings.Contains(up, w) {
			return Failed
		}
	}
	return Unknown
}
