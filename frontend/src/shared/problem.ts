import { ApiError, type FieldMessage } from './http';

/** `travelers[0].name` → `travelers.0.name`, the path syntax of @mantine/form. */
export function toFormPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

export interface SplitErrors {
  /** Errors for fields the form shows, keyed by form path. */
  fields: Record<string, string>;
  /** Everything else, for an Alert. */
  rest: string[];
}

/**
 * Splits a problem's `errors[]` into those the form can show beside a field and the rest.
 * `known` are the form's field names (top-level); a nested path is shown when its root is known.
 */
export function splitFieldErrors(errors: FieldMessage[], known: readonly string[]): SplitErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const error of errors) {
    const path = toFormPath(error.field ?? '');
    const root = path.split('.')[0] ?? '';
    if (path && known.includes(root)) {
      fields[path] = fields[path] ? `${fields[path]}; ${error.message}` : error.message;
    } else {
      rest.push(error.field ? `${error.field}: ${error.message}` : error.message);
    }
  }
  return { fields, rest };
}

export interface FormLike {
  setErrors: (errors: Record<string, string>) => void;
  getValues: () => object;
}

/**
 * Shows an API error on a form: field errors beside their fields, returns the message for an
 * Alert (or null when every error found its field).
 */
export function applyProblemToForm(error: unknown, form: FormLike): string | null {
  if (error instanceof ApiError && error.fieldErrors.length > 0) {
    const { fields, rest } = splitFieldErrors(error.fieldErrors, Object.keys(form.getValues()));
    form.setErrors(fields);
    if (rest.length === 0) return null;
    return rest.join('\n');
  }
  if (error instanceof ApiError) {
    return error.problem.detail ?? error.problem.title ?? error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
