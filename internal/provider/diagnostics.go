package provider

import "fmt"

// notDeletedWarning is the warning of a destroy that only forgets the object: Argil has no API
// to delete it.
func notDeletedWarning(kind, id, name string) (string, string) {
	label := id
	if name != "" {
		label = fmt.Sprintf("%s (%q)", id, name)
	}
	return fmt.Sprintf("Argil %s not deleted: it still exists in your Argil workspace", kind),
		fmt.Sprintf("Terraform removed %s %s from its state, but the %s still exists in your Argil workspace: "+
			"the Argil API has no way to delete %ss. Delete it in the Argil app (https://app.argil.ai) if you no longer need it, "+
			"or bring it back under Terraform with terraform import.", kind, label, kind, kind)
}
