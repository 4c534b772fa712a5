"""Navigation items of the training app (registered from TrainingConfig.ready())."""
