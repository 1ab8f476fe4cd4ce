"""The pages of the recharge wizard (`lebwallet.ui.recharge_wizard`), one module per step,
plus the context they share and the blocking backend they use through the task runner."""
