// The amortized-vs-per-point comparison's table in the bound panel: start
// and cancel buttons, the running comparison's progress line, and the table
// of parameters, ELBOs and test-time cost. The work runs on AmortizationWorker.
#pragma once
#include "gui/panels/shared/panel_context.hpp"
#include "live/workers/amortization_worker.hpp"

namespace latent {

class AmortizationTable {
 public:
  void draw(PanelContext& ctx);
  bool running() const { return worker_.progress().running; }

 private:
  void table(const AmortizationComparison& c) const;

  AmortizationWorker worker_;
};

}  // namespace latent
