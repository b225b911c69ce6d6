#include "Store/SqlTransferRows.h"

#include "Core/Common/JsonText.h"

#include <stdexcept>

namespace XnatDqr::SqlTransferRows
{
  const char* const CREATE_TABLE = "CREATE TABLE transfers_typed ("
                                   "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                   "  state TEXT NOT NULL,"
                                   "  origin TEXT NOT NULL,"
                                   "  receiver TEXT,"
                                   "  modality TEXT,"
                                   "  destination_aet TEXT NOT NULL,"
                                   "  caller TEXT NOT NULL,"
                                   "  called_aet TEXT NOT NULL,"
                                   "  level TEXT NOT NULL,"
                                   "  query TEXT NOT NULL,"
                                   "  move_originator_id INTEGER NOT NULL,"
                                   "  instances_total INTEGER NOT NULL,"
                                   "  instances_sent INTEGER NOT NULL,"
                                   "  instances_failed INTEGER NOT NULL,"
                                   "  bytes_total INTEGER NOT NULL,"
                                   "  bytes_sent INTEGER NOT NULL,"
                                   "  created_ms INTEGER NOT NULL,"
                                   "  started_ms INTEGER NOT NULL,"
                                   "  finished_ms INTEGER NOT NULL,"
                                   "  error TEXT NOT NULL,"
                                   "  priority INTEGER NOT NULL,"
                                   "  attempts INTEGER NOT NULL,"
                                   "  next_attempt_ms INTEGER NOT NULL,"
                                   "  last_error TEXT NOT NULL,"
                                   "  busy_ms INTEGER NOT NULL,"
                                   "  idle_ms INTEGER NOT NULL,"
                                   "  inside_move INTEGER NOT NULL,"
                                   "  sop_classes TEXT NOT NULL,"
                                   "  study TEXT NOT NULL DEFAULT 'null');";

#define XNATDQR_TRANSFER_COLUMNS                                                                   \
  "state, origin, receiver, modality, destination_aet, caller, called_aet, level, query, "         \
  "move_originator_id, instances_total, instances_sent, instances_failed, bytes_total, "           \
  "bytes_sent, created_ms, started_ms, finished_ms, error, priority, attempts, next_attempt_ms, "  \
  "last_error, busy_ms, idle_ms, inside_move, sop_classes, study"
#define XNATDQR_28_PARAMETERS                                                                      \
  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

  const char* const SELECT_COLUMNS =
    "SELECT id, " XNATDQR_TRANSFER_COLUMNS ", owner, calling_address FROM transfers";
  const char* const INSERT =
    "INSERT INTO transfers (" XNATDQR_TRANSFER_COLUMNS
    ", calling_address, owner, lease_until_ms) VALUES (" XNATDQR_28_PARAMETERS
    ", ?, ?, ?) RETURNING id";
  const char* const INSERT_WITH_ID = "INSERT INTO transfers_typed (id, " XNATDQR_TRANSFER_COLUMNS
                                     ") VALUES (?, " XNATDQR_28_PARAMETERS ")";
  const char* const UPDATE =
    "UPDATE transfers SET state = ?, origin = ?, receiver = ?, modality = ?, destination_aet = ?, "
    "caller = ?, called_aet = ?, level = ?, query = ?, move_originator_id = ?, "
    "instances_total = ?, instances_sent = ?, instances_failed = ?, bytes_total = ?, "
    "bytes_sent = ?, created_ms = ?, started_ms = ?, finished_ms = ?, error = ?, priority = ?, "
    "attempts = ?, next_attempt_ms = ?, last_error = ?, busy_ms = ?, idle_ms = ?, "
    "inside_move = ?, sop_classes = ?, study = ?, calling_address = ?, owner = ?, "
    "lease_until_ms = ? WHERE id = ?";

#undef XNATDQR_TRANSFER_COLUMNS
#undef XNATDQR_28_PARAMETERS

  namespace
  {
    void BindOptional(Sql::Statement& statement, int index, const std::string& text)
    {
      text.empty() ? statement.BindNull(index) : statement.Bind(index, text);
    }

    int64_t Signed(uint64_t value)
    {
      return static_cast<int64_t>(value);
    }

    Json::Value JsonOf(const std::string& text)
    {
      Json::Value value;
      if (!JsonText::TryParse(text, value))
      {
        throw std::runtime_error("The store holds a Transfer whose keys are not JSON");
      }
      return value;
    }

    std::string TextOf(const Json::Value& value)
    {
      return JsonText::Write(value.isNull() ? Json::Value(Json::objectValue) : value);
    }
  } // namespace

  int Bind(Sql::Statement& statement, const Transfer& transfer, bool withId)
  {
    const TransferLifecycle& life = transfer.Lifecycle();
    int i = 1;
    if (withId)
    {
      statement.Bind(i++, transfer.id);
    }
    statement.Bind(i++, std::string(ToString(life.state)));
    statement.Bind(i++, transfer.origin);
    BindOptional(statement, i++, transfer.receiverId);
    BindOptional(statement, i++, transfer.modalityName);
    statement.Bind(i++, transfer.destinationAet);
    statement.Bind(i++, transfer.caller);
    statement.Bind(i++, transfer.calledAet);
    statement.Bind(i++, transfer.level);
    statement.Bind(i++, TextOf(transfer.query));
    statement.Bind(i++, static_cast<int64_t>(transfer.moveOriginatorId));
    for (uint64_t count : {transfer.instancesTotal, transfer.instancesSent,
                           transfer.instancesFailed, transfer.bytesTotal, transfer.bytesSent})
    {
      statement.Bind(i++, Signed(count));
    }
    for (int64_t ms : {transfer.createdMs, life.startedMs, life.finishedMs})
    {
      statement.Bind(i++, ms);
    }
    statement.Bind(i++, life.error);
    statement.Bind(i++, transfer.priority);
    statement.Bind(i++, static_cast<int64_t>(life.attempts));
    statement.Bind(i++, life.nextAttemptMs);
    statement.Bind(i++, life.lastError);
    statement.Bind(i++, transfer.busyMs);
    statement.Bind(i++, transfer.idleMs);
    statement.Bind(i++, static_cast<int64_t>(life.insideMove ? 1 : 0));
    statement.Bind(i++, TextOf(transfer.sopClasses));
    statement.Bind(i++, transfer.study.isObject() ? JsonText::Write(transfer.study) : "null");
    return i;
  }

  Transfer Read(const Sql::Statement& row)
  {
    Transfer transfer;
    TransferLifecycle life;
    int i = 0;
    transfer.id = row.GetInteger(i++);
    life.state = ParseTransferState(row.GetText(i++)).value_or(TransferState::Failed);
    transfer.origin = row.GetText(i++);
    transfer.receiverId = row.IsNull(i) ? "" : row.GetText(i);
    i++;
    transfer.modalityName = row.IsNull(i) ? "" : row.GetText(i);
    i++;
    transfer.destinationAet = row.GetText(i++);
    transfer.caller = row.GetText(i++);
    transfer.calledAet = row.GetText(i++);
    transfer.level = row.GetText(i++);
    transfer.query = JsonOf(row.GetText(i++));
    transfer.moveOriginatorId = static_cast<uint16_t>(row.GetInteger(i++));
    transfer.instancesTotal = static_cast<uint64_t>(row.GetInteger(i++));
    transfer.instancesSent = static_cast<uint64_t>(row.GetInteger(i++));
    transfer.instancesFailed = static_cast<uint64_t>(row.GetInteger(i++));
    transfer.bytesTotal = static_cast<uint64_t>(row.GetInteger(i++));
    transfer.bytesSent = static_cast<uint64_t>(row.GetInteger(i++));
    transfer.createdMs = row.GetInteger(i++);
    life.startedMs = row.GetInteger(i++);
    life.finishedMs = row.GetInteger(i++);
    life.error = row.GetText(i++);
    transfer.priority = row.GetInteger(i++);
    life.attempts = static_cast<uint32_t>(row.GetInteger(i++));
    life.nextAttemptMs = row.GetInteger(i++);
    life.lastError = row.GetText(i++);
    transfer.busyMs = row.GetInteger(i++);
    transfer.idleMs = row.GetInteger(i++);
    life.insideMove = row.GetInteger(i++) != 0;
    transfer.sopClasses = JsonOf(row.GetText(i++));
    const std::string study = row.GetText(i++);
    transfer.study = study == "null" ? Json::Value() : JsonOf(study); // null: not known
    transfer.runningOn = row.GetText(i++);
    transfer.callingAddress = row.GetText(i++);
    return Transfer::Restore(transfer, life);
  }
} // namespace XnatDqr::SqlTransferRows
