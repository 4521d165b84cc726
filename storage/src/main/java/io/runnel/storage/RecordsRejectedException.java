package io.runnel.storage;

import java.util.List;

import org.apache.kafka.common.errors.ApiException;

/**
 * A batch refused because of particular records (Produce v8+ {@code record_errors}): the error the whole batch
 * gets, and the records at fault.
 */
public final class RecordsRejectedException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final ApiException cause;
    private final transient List<RecordError> recordErrors;

    public RecordsRejectedException(ApiException cause, List<RecordError> recordErrors) {
        super(cause.getMessage(), cause);
        this.cause = cause;
        this.recordErrors = List.copyOf(recordErrors);
    }

    /** The error the whole batch is answered with (INVALID_RECORD, INVALID_TIMESTAMP, ...). */
    public ApiException batchError() {
        return cause;
    }

    public List<RecordError> recordErrors() {
        return recordErrors;
    }
}
