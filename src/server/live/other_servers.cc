// What the other servers on the database announce (storage/areas/server_network.h), heard on the
// store's listening thread: their live frames go to this server's nurse stations (and vitals to
// the judge, if that is this server), and their changes make this server read afresh what it
// keeps in memory (a session's watch, HL7's MRN cache, the settings, a forecast model).
#include <spdlog/spdlog.h>

#include "server/api.h"
#include "server/forecast/forecast_models.h"
#include "server/live/live_hub.h"
#include "server/live/session_monitor.h"

namespace plasticity::server {

void Api::hear(const Announcement& heard) {
  try {
    if (heard.topic == kUrgentTopic) {
      hub_->deliver_here(heard.message, /*urgent=*/true);
    } else if (heard.topic == kRoutineTopic) {
      hub_->deliver_here(heard.message, /*urgent=*/false);
      monitor_->heard_frame(heard.message, clock_());
    } else if (heard.topic == kSessionChangedTopic) {
      monitor_->session_changed_elsewhere(heard.message);
    } else if (heard.topic == kPatientsChangedTopic) {
      monitor_->patients_changed_elsewhere();
    } else if (heard.topic == kSettingsChangedTopic) {
      settings_.reload(store_);
    } else if (heard.topic == kForecastRefittedTopic) {
      forecasts_->forget(heard.message);
    } else if (heard.topic == kResyncTopic) {
      monitor_->resync();
      settings_.reload(store_);
      forecasts_->forget_all();
    } else {
      spdlog::warn("another server announced '{}', unknown to this version", heard.topic);
    }
  } catch (const std::exception& error) {
    spdlog::error("acting on another server's '{}' failed: {}", heard.topic, error.what());
  }
}

}  // namespace plasticity::server
