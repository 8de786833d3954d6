import { useCallback, useState } from 'react';

/**
 * A form's errors by field. Editing a field takes its error away at once (it may no longer apply, and a message
 * left under a corrected value reads as if the correction were wrong); the others stay until the next submit.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const clearError = useCallback((field: string) => {
    setErrors((current) => {
      if (!(field in current)) return current;
      const rest = { ...current };
      delete rest[field];
      return rest;
    });
  }, []);
  return { errors, setErrors, clearError };
}
