import {
  AppWindow,
  BookOpen,
  Calendar,
  ChartLine,
  Cloud,
  Database,
  Download,
  FileText,
  GitBranch,
  House,
  Image,
  type LucideIcon,
  Mail,
  Music,
  Printer,
  Server,
  ShieldCheck,
  SquareTerminal,
  Video,
} from 'lucide-react';
import { builtinIconOf, type TBuiltinIcon } from '@/lib/applications/builtin-icons';
import { cx } from './ui/cx';

const ICONS: Record<TBuiltinIcon, LucideIcon> = {
  app: AppWindow,
  documents: FileText,
  cloud: Cloud,
  git: GitBranch,
  server: Server,
  media: Video,
  photos: Image,
  music: Music,
  home: House,
  chart: ChartLine,
  mail: Mail,
  calendar: Calendar,
  book: BookOpen,
  shield: ShieldCheck,
  database: Database,
  terminal: SquareTerminal,
  download: Download,
  printer: Printer,
};

/**
 * An application's icon: a built-in drawing, or the uploaded image served by `uploadedSrc`
 * (the caller knows the route). Decorative: the application's name is always written beside it.
 */
export function AppIcon({ icon, uploadedSrc, className }: { icon: string; uploadedSrc?: string; className?: string }) {
  const box = cx(
    'inline-flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300',
    className,
  );
  if (icon === 'upload' && uploadedSrc) {
    return <img src={uploadedSrc} alt="" aria-hidden="true" className={cx(box, 'bg-transparent object-contain')} />;
  }
  const Icon = ICONS[builtinIconOf(icon) ?? 'app'];
  return (
    <span aria-hidden="true" className={box}>
      <Icon className="size-6" strokeWidth={1.75} />
    </span>
  );
}
