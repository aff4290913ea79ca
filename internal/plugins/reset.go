package plugins

// Reset discards everything the plugins detected, as if no Init had run.
// It exists for tests, which need a clean process-wide state; programs have
// no reason to call it.
func Reset() { snapshot.Store(&PluginMetadata{}) }
