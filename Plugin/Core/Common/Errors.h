#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace XnatDqr
{
  // A value that breaks a rule; maps to HTTP 400 with the offending field named.
  class ValidationError : public std::runtime_error
  {
  public:
    ValidationError(const std::string& field, const std::string& message)
        : std::runtime_error(message), field_(field)
    {
    }

    const std::string& GetField() const { return field_; }

    // The other fields wrong in the same body, so that a form can show them all at once.
    void Also(const std::string& field, const std::string& message)
    {
      others_.emplace_back(field, message);
    }
    // This problem first, then the others: (field, message).
    std::vector<std::pair<std::string, std::string>> GetAll() const
    {
      std::vector<std::pair<std::string, std::string>> all = {{field_, what()}};
      all.insert(all.end(), others_.begin(), others_.end());
      return all;
    }

  private:
    std::string field_;
    std::vector<std::pair<std::string, std::string>> others_;
  };

  // Collects the ValidationErrors of several independent checks; Throw() raises the first with
  // the others attached (nothing when all passed).
  class ValidationProblems
  {
  public:
    template<typename Step>
    void Check(Step step)
    {
      try
      {
        step();
      }
      catch (const ValidationError& e)
      {
        problems_.push_back(e);
      }
    }
    void Throw() const
    {
      if (problems_.empty())
      {
        return;
      }
      ValidationError first = problems_.front();
      for (size_t i = 1; i < problems_.size(); i++)
      {
        first.Also(problems_[i].GetField(), problems_[i].what());
      }
      throw first;
    }

  private:
    std::vector<ValidationError> problems_;
  };

  // Clashes with another stored object; maps to HTTP 409 naming that object.
  class ConflictError : public std::runtime_error
  {
  public:
    ConflictError(const std::string& conflict, const std::string& message)
        : std::runtime_error(message), conflict_(conflict)
    {
    }

    const std::string& GetConflict() const { return conflict_; }

    // The field of the request the clash is about ("Port", "PacsAET"), for a form; may be "".
    ConflictError& ForField(const std::string& field)
    {
      field_ = field;
      return *this;
    }
    const std::string& GetField() const { return field_; }

    // A value that would resolve the conflict, e.g. {"PacsAET", "ORTHANC-XNAT-B"}.
    void Suggest(const std::string& field, const std::string& value) { suggestion_[field] = value; }
    const std::map<std::string, std::string>& GetSuggestion() const { return suggestion_; }

  private:
    std::string conflict_;
    std::string field_;
    std::map<std::string, std::string> suggestion_;
  };

  // Maps to HTTP 404.
  class NotFoundError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // Maps to HTTP 503: a resource the plugin needs (its database) cannot be used right now; the
  // request changed nothing and may be sent again.
  class UnavailableError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // Maps to HTTP 403: the object exists but may not be changed this way.
  class ForbiddenError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };
} // namespace XnatDqr
