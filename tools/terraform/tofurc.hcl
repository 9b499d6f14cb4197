# Empty OpenTofu CLI configuration: no credentials, no plugin cache, no network mirror.
