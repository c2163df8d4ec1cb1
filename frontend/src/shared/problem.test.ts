import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './http';
import { applyProblemToForm, splitFieldErrors, toFormPath } from './problem';

describe('problem → form errors', () => {
  it('converts API field paths to form paths', () => {
    expect(toFormPath('travelers[0].name')).toBe('travelers.0.name');
    expect(toFormPath('tags[2]')).toBe('tags.2');
    expect(toFormPath('email')).toBe('email');
  });

  it('puts known fields beside their inputs and the rest in the alert', () => {
    const result = splitFieldErrors(
      [
        { field: 'email', message: 'must be a well-formed email address' },
        { field: 'email', message: 'is taken' },
        { field: 'tags[1]', message: 'must not be blank' },
        { field: 'ordering', message: 'must be one of name, -name' },
        { field: '', message: 'global problem' },
      ],
      ['email', 'tags', 'name'],
    );
    expect(result.fields).toEqual({ email: 'must be a well-formed email address; is taken', 'tags.1': 'must not be blank' });
    expect(result.rest).toEqual(['ordering: must be one of name, -name', 'global problem']);
  });

  it('sets field errors on the form and returns only what is left', () => {
    const form = { setErrors: vi.fn<(errors: Record<string, string>) => void>(), getValues: () => ({ name: '', phone: '' }) };
    const error = new ApiError(400, {
      title: 'Invalid request',
      errors: [
        { field: 'phone', message: 'is not a valid phone number' },
        { field: 'budget', message: 'must be at least 0' },
      ],
    });
    expect(applyProblemToForm(error, form)).toBe('budget: must be at least 0');
    expect(form.setErrors).toHaveBeenCalledWith({ phone: 'is not a valid phone number' });
  });

  it('returns the detail of a problem without field errors, and null when all errors found a field', () => {
    const form = { setErrors: vi.fn<(errors: Record<string, string>) => void>(), getValues: () => ({ name: '' }) };
    expect(applyProblemToForm(new ApiError(409, { title: 'Conflict', detail: 'A lead has this phone.' }), form)).toBe('A lead has this phone.');
    expect(applyProblemToForm(new ApiError(400, { errors: [{ field: 'name', message: 'must not be blank' }] }), form)).toBeNull();
    expect(form.setErrors).toHaveBeenLastCalledWith({ name: 'must not be blank' });
  });
});
