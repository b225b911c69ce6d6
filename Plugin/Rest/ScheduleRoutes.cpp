#include "Rest/ScheduleRoutes.h"

#include "Rest/QueryArguments.h"

#include "Core/Common/Errors.h"
#include "Core/Common/JsonText.h"
#include "Core/Common/TimeFormat.h"
#include "Core/Schedules/ScheduleClock.h"
#include "Core/Schedules/XnatAvailability.h"
#include "Orthanc/RestRoute.h"
#include "Rest/Uris.h"

namespace XnatDqr
{
  namespace
  {
    Schedule ParseBody(const RestRequest& request, int64_t now)
    {
      const Json::Value body = JsonText::Parse(request.body);
      // XNAT's availability is an array of intervals; ours is an object of weekdays.
      Schedule schedule = body.isArray() ? XnatAvailability::Import(body, "Availability")
                                         : Schedule::FromJson(body, "Schedule");
      // Past exceptions are kept a while for the record, then dropped when a schedule is saved.
      const int today = ToLocalMinute(now).day;
      schedule.DropExceptionsEndedBefore(today - Schedule::EXCEPTIONS_KEPT_DAYS);
      return schedule;
    }

    bool WantsXnat(const RestRequest& request)
    {
      const std::string format = request.GetArgument("format", "");
      if (!format.empty() && format != "xnat" && format != "orthanc")
      {
        throw ValidationError("format", "format must be \"xnat\" or \"orthanc\"");
      }
      return format == "xnat";
    }

    Json::Value StateJson(const ScheduleState& state)
    {
      Json::Value json(Json::objectValue);
      json["Open"] = state.open;
      json["Window"] = state.window ? state.window->ToJson() : Json::Value();
      json["NextChange"] = TimeFormat::TimeOrNull(state.nextChange);
      return json;
    }

    Receiver GetReceiver(ReceiverRegistry& registry, const RestRequest& request)
    {
      return registry.Get(QueryArguments::ReceiverId(request));
    }

    void RegisterReceiverSchedule(Clock& clock, ReceiverRegistry& registry,
                                  SchedulePolicy& schedules)
    {
      RestRoute schedule;
      schedule.get = [&registry, &schedules](const RestRequest& request)
      {
        return RestReply::Json(ScheduleToJson(GetReceiver(registry, request).schedule,
                                              WantsXnat(request), schedules.Defaults()));
      };
      schedule.put = [&clock, &registry](const RestRequest& request)
      {
        Receiver receiver = GetReceiver(registry, request);
        receiver.schedule = ParseBody(request, clock.NowMs());
        registry.Save(receiver);
        return RestReply::Json(receiver.schedule->ToJson());
      };
      schedule.remove = [&registry](const RestRequest& request)
      {
        Receiver receiver = GetReceiver(registry, request);
        receiver.schedule.reset();
        registry.Save(receiver);
        return RestReply::NoContent();
      };
      schedule.audited = true;
      schedule.state = [&registry](const RestRequest& request)
      {
        const Receiver receiver = GetReceiver(registry, request);
        return receiver.schedule ? receiver.schedule->ToJson() : Json::Value();
      };
      RegisterRestRoute(URI_RECEIVER_SCHEDULE, schedule);

      RestRoute status;
      status.get = [&clock, &registry, &schedules](const RestRequest& request)
      {
        const Receiver receiver = GetReceiver(registry, request);
        const int64_t now = clock.NowMs();
        Json::Value json = StateJson(StateAt(receiver.schedule, now));
        const EffectiveState effective = schedules.StateFor(receiver, now);
        json["ReceiverOpen"] = effective.receiverOpen;
        json["GlobalOpen"] = effective.globalOpen;
        json["Open"] = effective.open;
        json["NextChange"] = TimeFormat::TimeOrNull(effective.nextChange);
        json["Budgets"] = Json::Value(Json::arrayValue);
        for (const BudgetUse& budget : effective.budgets)
        {
          Json::Value one(Json::objectValue);
          one["Schedule"] = budget.scope;
          one["MaxGB"] = budget.limitBytes / 1e9;
          one["SpentGB"] = budget.spentBytes / 1e9;
          one["RemainingGB"] = budget.Spent() ? 0.0 : (budget.limitBytes - budget.spentBytes) / 1e9;
          json["Budgets"].append(one);
        }
        return RestReply::Json(json);
      };
      RegisterRestRoute(URI_RECEIVER_SCHEDULE_STATUS, status);
    }

    void RegisterGlobalSchedule(Clock& clock, SchedulePolicy& schedules)
    {
      RestRoute schedule;
      schedule.get = [&schedules](const RestRequest& request)
      {
        return RestReply::Json(
          ScheduleToJson(schedules.GetGlobal(), WantsXnat(request), schedules.Defaults()));
      };
      schedule.put = [&clock, &schedules](const RestRequest& request)
      {
        const Schedule parsed = ParseBody(request, clock.NowMs());
        schedules.SetGlobal(parsed);
        return RestReply::Json(parsed.ToJson());
      };
      schedule.remove = [&schedules](const RestRequest&)
      {
        schedules.ClearGlobal();
        return RestReply::NoContent();
      };
      schedule.audited = true;
      schedule.state = [&schedules](const RestRequest&)
      {
        const std::optional<Schedule> global = schedules.GetGlobal();
        return global ? global->ToJson() : Json::Value();
      };
      RegisterRestRoute(URI_SCHEDULE, schedule);

      RestRoute status;
      status.get = [&clock, &schedules](const RestRequest&)
      { return RestReply::Json(StateJson(StateAt(schedules.GetGlobal(), clock.NowMs()))); };
      RegisterRestRoute(URI_SCHEDULE_STATUS, status);
    }
  } // namespace

  Json::Value ScheduleToJson(const std::optional<Schedule>& schedule, bool xnatFormat,
                             const Window& defaults)
  {
    if (!xnatFormat)
    {
      return schedule ? schedule->ToJson() : Json::Value();
    }
    if (schedule)
    {
      return XnatAvailability::Export(*schedule);
    }
    // Always open: every day, all day, with the defaults.
    Json::Value week(Json::objectValue);
    for (int day = 0; day < 7; day++)
    {
      week[Schedule::WeekdayName(day)].append(defaults.ToJson());
    }
    return XnatAvailability::Export(Schedule::FromJson(week, "Schedule"));
  }

  void RegisterScheduleRoutes(Clock& clock, ReceiverRegistry& registry, SchedulePolicy& schedules)
  {
    RegisterReceiverSchedule(clock, registry, schedules);
    RegisterGlobalSchedule(clock, schedules);
  }
} // namespace XnatDqr
