#pragma once

#include "Core/Transfers/Transfer.h"
#include "Store/Sql.h"

// A Transfer as one row of typed columns: times in epoch milliseconds, counts as integers.
// The REST document is made from them at the edge (Transfer::ToJson), never stored.
namespace XnatDqr::SqlTransferRows
{
  extern const char* const CREATE_TABLE;   // transfers_typed, renamed transfers by migration 5
  extern const char* const SELECT_COLUMNS; // "SELECT <every column>, owner FROM transfers"
  extern const char* const INSERT;         // every column but id, then owner and lease;
                                           // RETURNING id
  extern const char* const INSERT_WITH_ID; // every column, for the migration
  extern const char* const UPDATE;         // every column but id, owner and lease, then
                                           // WHERE id = ? (conditions may follow)

  // Binds from parameter 1 on (id first when withId); returns the next free index.
  int Bind(Sql::Statement& statement, const Transfer& transfer, bool withId);
  Transfer Read(const Sql::Statement& row);
} // namespace XnatDqr::SqlTransferRows
