"""Store: the processed/ side. Output paths and atomic writes, the ledger of what was done,
discovery of what is left to do, and the run lock.
"""

from pipeline.store.discovery import (MAX_TASK_RUNS, FileTask, Plan, candidate_files, discover, iter_raw,
                                      run_batch_size, sha256_file)
from pipeline.store.ledger import ERROR, LEDGER_NAME, OK, RETRY, UNWRITTEN, Ledger
from pipeline.store.lock import LOCK_NAME, RunLocked, run_lock
from pipeline.store.outputs import clean_tmp, dump_record, error_payload, fsync_dirs, remove_stale, write_atomic
from pipeline.store.paths import ERRORS_DIR, NAME_MAX, TMP_DIR, display_rel, error_rel, output_rel, stem_of
from pipeline.store.removed import forget_deleted

__all__ = ["ERROR", "ERRORS_DIR", "LEDGER_NAME", "LOCK_NAME", "MAX_TASK_RUNS", "NAME_MAX", "OK", "RETRY", "TMP_DIR",
           "UNWRITTEN", "FileTask", "Ledger", "Plan", "RunLocked", "candidate_files", "clean_tmp", "discover",
           "display_rel", "dump_record", "error_payload", "error_rel", "forget_deleted", "fsync_dirs", "iter_raw",
           "output_rel", "remove_stale", "run_batch_size", "run_lock", "sha256_file", "stem_of", "write_atomic"]
