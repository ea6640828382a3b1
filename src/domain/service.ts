/** The service's own name, phone number and opening hours, written the way residents read them. */
export const SERVICE = {
  name: 'LiveWell Dorset',
  phone: '0800 840 1628',
  phoneSpoken: 'freephone 0800 840 1628',
  hours: 'Monday to Friday, 9am to 6:30pm',
} as const;
