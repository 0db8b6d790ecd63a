"""The help texts of the commands that set up and run a control room's services (store,
server, broker), by message id, in English and Simplified Chinese; tags/i18n/command_texts.py
takes them in.

argparse %-formats help texts: a percent sign in one is ``%%``.
"""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

SERVICE_HELP_MESSAGES: dict[str, dict[Language, str]] = {
    # store -----------------------------------------------------------------------------------
    "cli.store.help": {
        EN: "prepare a shared PostgreSQL store (store init), move a console into it",
        ZH: "准备共享 PostgreSQL 存储（store init），并将控制台的数据迁入",
    },
    "cli.store.init.help": {
        EN: "make the schema, roles and tables of a PostgreSQL store (as its owner)",
        ZH: "创建 PostgreSQL 存储的模式、角色和数据表（以其所有者身份）",
    },
    "cli.store.init.about": {
        EN: "Connects as the database's owner (or another role allowed to create roles), makes "
        "the schema hmi and the group roles hmi_writer (the server) and hmi_reader (the "
        "consoles), on request the login roles of the server and of the consoles, and brings "
        "every store's tables to this program's version. Prints what it did, one line each, or "
        "that all was already up to date; running it again is harmless. With --password-stdin "
        "the login roles' passwords are read from stdin, one line each (the server role's "
        "first); without it they get none (e.g. for certificate or peer authentication). The "
        "admin's own password comes from HMI_STORE_PASSWORD / PGPASSWORD or ~/.pgpass, never "
        "from the command line.",
        ZH: "以数据库所有者（或其他可创建角色的角色）连接，创建模式 hmi 和组角色 hmi_writer"
        "（服务器）与 hmi_reader（控制台），按需创建服务器和控制台的登录角色，并把各存储的数据表"
        "升级到本程序的版本。每做一件事输出一行，或说明全部已是最新；重复运行无害。使用 "
        "--password-stdin 时，从标准输入逐行读取登录角色的密码（服务器角色在先）；否则不设密码"
        "（例如使用证书或 peer 认证）。管理员自己的密码取自 HMI_STORE_PASSWORD / PGPASSWORD "
        "或 ~/.pgpass，绝不取自命令行。",
    },
    "cli.store.opt.role": {EN: "a login role in {group}", ZH: "{group} 中的登录角色"},
    "cli.store.opt.password_stdin": {
        EN: "read the login roles' passwords from stdin, one line each (server role first)",
        ZH: "从标准输入读取登录角色的密码，每行一个（服务器角色在先）",
    },
    "cli.store.copy.help": {
        EN: "copy a console's data folder (sqlite) into a PostgreSQL store (as its owner)",
        ZH: "将控制台的数据文件夹（sqlite）复制到 PostgreSQL 存储（以其所有者身份）",
    },
    "cli.store.copy.about": {
        EN: "Copies a console's stores (history, alarm journal and states, audit trail, users, "
        "training, bookmarks, shift reports and notes) into the shared store, whose schema it "
        "brings up to date first; prints progress and a summary per store (rows in the source "
        "and the target). Run it again after an interruption: it adds only what is missing. "
        "The audit trail is refused when the target holds another one, and verified on the "
        "target afterwards; the server must sign with the data folder's audit.key: "
        "--server-data-dir copies it (and the anchor) into the server's data folder. Exit 0 "
        "when everything arrived and the trail verifies, 1 otherwise, 130 when interrupted "
        "(run it again).",
        ZH: "将控制台的各存储（历史数据、报警日志与状态、审计追踪、用户、培训、书签、交接班报表"
        "与记事）复制到共享存储，先将其模式升级到最新；输出进度和每个存储的汇总（源和目标中的"
        "行数）。中断后再次运行：只补充缺少的部分。目标中已有另一条审计追踪时拒绝复制审计追踪，"
        "复制后在目标上校验；服务器必须用数据文件夹的 audit.key 签名：--server-data-dir 会把它"
        "（连同锚点）复制到服务器的数据文件夹。全部到达且审计追踪校验通过时以 0 退出，否则以 1 "
        "退出，被中断时以 130 退出（请再次运行）。",
    },
    "cli.store.opt.from": {
        EN: "the console's data folder (sqlite alone: the --data-dir one)",
        ZH: "控制台的数据文件夹（仅写 sqlite：即 --data-dir 所指的文件夹）",
    },
    "cli.store.opt.only": {
        EN: "copy only these stores ({stores})",
        ZH: "只复制这些存储（{stores}）",
    },
    "cli.store.opt.server_data_dir": {
        EN: "the server's data folder: gets the audit key and anchor",
        ZH: "服务器的数据文件夹：复制审计密钥和锚点到此",
    },
    # server ----------------------------------------------------------------------------------
    "cli.server.help": {
        EN: "the control room's server: run the project headless and serve it to consoles "
        "through an MQTT broker",
        ZH: "中控室服务器：无界面运行项目，并通过 MQTT 代理向控制台提供服务",
    },
    "cli.server.about": {
        EN: "Run the project (drivers, alarms, historian, analytics, training, write path, "
        "audit) without a display and serve it through an MQTT broker: values as a Sparkplug B "
        "edge node, alarms and states under hmi/GROUP/, operator requests answered, checked "
        "and audited here. Stops on Ctrl+C or SIGTERM.",
        ZH: "无显示运行项目（驱动、报警、历史、分析、培训、写入通道、审计），并通过 MQTT 代理提供"
        "服务：数值作为 Sparkplug B 边缘节点发布，报警和状态在 hmi/GROUP/ 下，操作员请求在此应答、"
        "校验并审计。按 Ctrl+C 或 SIGTERM 停止。",
    },
    "cli.server.opt.broker": {
        EN: "mqtt://[user@]host[:port] or mqtts://[user@]host[:port]?ca=FILE (the password from "
        "HMI_BROKER_PASSWORD or ?password_file=)",
        ZH: "mqtt://[user@]host[:port] 或 mqtts://[user@]host[:port]?ca=FILE（密码取自 "
        "HMI_BROKER_PASSWORD 或 ?password_file=）",
    },
    "cli.server.opt.group": {
        EN: "Sparkplug group id (default: the project's name)",
        ZH: "Sparkplug 组标识（默认：项目名称）",
    },
    "cli.server.opt.node": {
        EN: "Sparkplug edge node id (default: {node})",
        ZH: "Sparkplug 边缘节点标识（默认：{node}）",
    },
    "cli.server.opt.instance": {
        EN: "this server's name in a redundant pair on a PostgreSQL store (default: HOST-PID); "
        "two servers on the same project and store form a pair",
        ZH: "本服务器在 PostgreSQL 存储上冗余对中的名称（默认：HOST-PID）；同一项目和存储上的两台"
        "服务器组成一对",
    },
    "cli.server.opt.switchover": {
        EN: "ask the running primary of the pair to hand over to its standby, wait until the "
        "standby serves, and exit (needs only the project and its store)",
        ZH: "请求冗余对中正在运行的主服务器切换到备用服务器，等备用服务器接管后退出（只需项目及其"
        "存储）",
    },
    # broker ----------------------------------------------------------------------------------
    "cli.broker.help": {
        EN: "make the control room's MQTT broker (Mosquitto: TLS, users, ACL)",
        ZH: "生成中控室的 MQTT 代理（Mosquitto：TLS、用户、ACL）",
    },
    "cli.broker.init.help": {
        EN: "write a broker folder: configuration, users, ACL, certificates",
        ZH: "写出代理文件夹：配置、用户、ACL、证书",
    },
    "cli.broker.init.about": {
        EN: "Writes the configuration (TLS listener, no anonymous clients), the users, the ACL, "
        "a private certificate authority and the broker's certificate for the host names and "
        "addresses given (the first is the one clients use). Passwords are generated and "
        "written owner-only to DIR/secrets/USER.pw for the clients' ?password_file=, or, with "
        "--password-stdin, read from stdin, one line per user: the server's, the Sparkplug "
        "host's, then each workstation's. Prints what it made and the commands that start the "
        "broker, the server and each console.",
        ZH: "写出配置（TLS 监听，不允许匿名客户端）、用户、ACL、私有证书颁发机构，以及为所给主机名"
        "和地址签发的代理证书（第一个为客户端所用）。密码自动生成，以仅所有者可读的方式写入 "
        "DIR/secrets/USER.pw，供客户端的 ?password_file= 使用；或使用 --password-stdin 从标准"
        "输入读取，每个用户一行：先服务器，再 Sparkplug 主机，然后各工作站。输出生成的内容以及"
        "启动代理、服务器和各控制台的命令。",
    },
    "cli.broker.workstation.about": {
        EN: "Add or take away one workstation's user; a running broker reads the change on SIGHUP.",
        ZH: "添加或移除一个工作站的用户；正在运行的代理在收到 SIGHUP 时读取更改。",
    },
    "cli.broker.opt.out": {
        EN: "the folder to make (new or empty)",
        ZH: "要生成的文件夹（新建或为空）",
    },
    "cli.broker.opt.group": {
        EN: "the Sparkplug group (default: the project's name)",
        ZH: "Sparkplug 组（默认：项目名称）",
    },
    "cli.broker.opt.host": {
        EN: "a host name or address clients use for the broker (repeatable; the first in the "
        "URLs; default: this machine's name, localhost, 127.0.0.1)",
        ZH: "客户端访问代理所用的主机名或地址（可重复；第一个写入 URL；默认：本机名、localhost、"
        "127.0.0.1）",
    },
    "cli.broker.opt.port": {EN: "the TLS port (default 8883)", ZH: "TLS 端口（默认 8883）"},
    "cli.broker.opt.bind": {EN: "listen only on this address", ZH: "只在此地址上监听"},
    "cli.broker.opt.server_user": {EN: "the server's user", ZH: "服务器的用户"},
    "cli.broker.opt.sparkplug_host": {
        EN: "a read-only user for a Sparkplug host application (another SCADA, MES)",
        ZH: "供 Sparkplug 主机应用（其他 SCADA、MES）使用的只读用户",
    },
    "cli.broker.opt.workstation": {
        EN: "a console's user, also its workstation name (repeatable)",
        ZH: "控制台的用户，同时也是其工作站名称（可重复）",
    },
    "cli.broker.opt.password_stdin": {
        EN: "read the passwords from stdin, one line per user, instead of generating them",
        ZH: "从标准输入读取密码，每个用户一行，而不是自动生成",
    },
    "cli.broker.add.help": {
        EN: "add a console's user to a broker folder",
        ZH: "向代理文件夹添加一个控制台用户",
    },
    "cli.broker.remove.help": {
        EN: "take a console's user out of a broker folder",
        ZH: "从代理文件夹移除一个控制台用户",
    },
    "cli.broker.opt.dir": {
        EN: "the folder `broker init` made",
        ZH: "`broker init` 生成的文件夹",
    },
    "cli.broker.opt.name": {EN: "the workstation's name", ZH: "工作站名称"},
    "cli.broker.opt.password": {
        EN: "read its password from stdin (one line) instead of generating it",
        ZH: "从标准输入读取其密码（一行），而不是自动生成",
    },
}
